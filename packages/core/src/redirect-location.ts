/** ASCII characters a URI may hold as they are: unreserved, reserved and `%`. */
const URI_SAFE = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * A redirect target made fit for a `Location` header, as Werkzeug's `iri_to_uri`: non-ASCII and
 * unsafe ASCII (space, `"`, `<`, `\`, …) are percent-encoded as UTF-8; `%XX` escapes stay as
 * they are. Throws a `TypeError` naming the target for a control character (CR, LF, NUL, …),
 * which could otherwise split the header.
 */
export function redirectLocation(target: string): string {
  let out = '';
  let plain = 0;
  for (let i = 0; i < target.length; i++) {
    const code = target.charCodeAt(i);
    const char = target[i] as string;
    if (code < 0x20 || code === 0x7f) {
      throw new TypeError(
        `Refusing to redirect to ${JSON.stringify(target.slice(0, 200))}: it contains the control character U+${code.toString(16).padStart(4, '0').toUpperCase()} at index ${i}.`,
      );
    }
    if (code < 0x80 && (URI_SAFE.test(char) || (char === '%' && HEX.test(target.slice(i + 1, i + 3))))) {
      continue;
    }
    out += target.slice(plain, i);
    // A surrogate pair is one code point, encoded together; a lone half becomes U+FFFD.
    const next = target.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(target.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '%EF%BF%BD';
    else out += encodeURIComponent(char);
    plain = i + 1;
  }
  return plain === 0 ? target : out + target.slice(plain);
}
