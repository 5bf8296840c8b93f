/** Short names `c.req.accepts()` understands, with the media type each stands for. */
const SHORT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  html: 'text/html',
  json: 'application/json',
  text: 'text/plain',
  xml: 'application/xml',
  csv: 'text/csv',
  js: 'text/javascript',
  css: 'text/css',
});

interface Range {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/** How well an `Accept` header takes a media type: its q-value and how specific the range was. */
export interface AcceptQuality {
  /** 0 to 1; 0 means not acceptable. */
  readonly q: number;
  /** 2 for `type/subtype`, 1 for `type/*`, 0 for `*\/*`, -1 when nothing matched. */
  readonly specificity: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.split(';');
    const slash = range.indexOf('/');
    if (slash < 0) continue;
    let q = 1;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') q = Number(value.trim());
    }
    if (!Number.isFinite(q) || q < 0 || q > 1) q = 0;
    ranges.push({
      type: range.slice(0, slash).trim().toLowerCase(),
      subtype: range
        .slice(slash + 1)
        .trim()
        .toLowerCase(),
      q,
    });
  }
  return ranges;
}

function qualityIn(ranges: readonly Range[], mediaType: string): AcceptQuality {
  const slash = mediaType.indexOf('/');
  const type = mediaType.slice(0, slash);
  const subtype = mediaType.slice(slash + 1);
  let q = 0;
  let specificity = -1;
  for (const range of ranges) {
    const s =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (s > specificity || (s === specificity && s >= 0 && range.q > q)) {
      specificity = s;
      q = range.q;
    }
  }
  return { q: specificity < 0 ? 0 : q, specificity };
}

/** The quality an `Accept` header gives one media type (the most specific matching range wins). */
export function acceptQuality(header: string, mediaType: string): AcceptQuality {
  return qualityIn(parseAccept(header), mediaType.toLowerCase());
}

/**
 * The offer the `Accept` header likes best, or null when it accepts none. Offers are short names
 * (`'json'`, `'html'`, `'text'`, `'xml'`, `'csv'`, `'js'`, `'css'`) or media types; the highest
 * q-value wins, then the more specific range, then the earlier offer. No header accepts anything.
 */
export function bestMatch<T extends string>(header: string | null, offers: readonly T[]): T | null {
  if (header === null || header.trim() === '') return offers[0] ?? null;
  const ranges = parseAccept(header);
  let best: T | null = null;
  let bestQ = 0;
  let bestSpecificity = -1;
  for (const offer of offers) {
    const mediaType = (SHORT_NAMES[offer] ?? offer).toLowerCase();
    const { q, specificity } = qualityIn(ranges, mediaType);
    if (q <= 0) continue;
    if (q > bestQ || (q === bestQ && specificity > bestSpecificity)) {
      best = offer;
      bestQ = q;
      bestSpecificity = specificity;
    }
  }
  return best;
}
