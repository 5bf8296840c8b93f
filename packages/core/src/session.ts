/** The data a session holds by default: any JSON-able values. */
export type SessionData = Record<string, unknown>;

/**
 * The session of one request: a small JSON object kept in a signed cookie (or another store).
 * Typed by the app: `new Flagon<{ Session: { userId?: number } }>()`.
 *
 * @example
 * ```ts
 * c.session.clear();
 * c.session.set('userId', user.id);
 * const id = c.session.get('userId'); // number | undefined
 * ```
 */
export class Session<S extends object = SessionData> {
  /** The values; undefined until the JSON text is parsed (or the shared values are copied). */
  #data: Record<string, unknown> | undefined;
  /**
   * Values shared by every session opened from the same cookie, read until the first change
   * (then copied): frozen, and only when every value is a string, number, boolean or null, so no
   * request can change what another one reads.
   */
  #shared: Readonly<Record<string, unknown>> | undefined;
  /** True once a value was set, deleted or cleared: the cookie is written at the end of the request. */
  modified = false;
  /** True once any value was read or written (responses then vary on Cookie). */
  accessed = false;
  /** True when the request came without a session. */
  readonly isNew: boolean;
  #permanent: boolean;

  #json: string | undefined;

  /**
   * @param data the stored values, or their JSON text (parsed on first use, so a request that
   *   never touches its session never parses it)
   * @param isNew true when the request came without a session
   * @param permanent with JSON text: whether it holds a permanent session
   */
  constructor(data: Record<string, unknown> | string = {}, isNew = true, permanent?: boolean) {
    if (typeof data === 'string') {
      this.#json = data;
      this.#permanent = permanent === true;
    } else {
      this.#data = dataOf(data);
      this.#permanent = this.#data._permanent === true;
    }
    this.isNew = isNew;
  }

  /**
   * @internal A session of a known cookie whose values are all primitives: reads use `values`
   * (see {@link sharedValues}) without parsing or copying them.
   */
  static fromShared<S extends object>(
    values: Readonly<Record<string, unknown>>,
    permanent: boolean,
  ): Session<S> {
    const session = new Session<S>('{}', false, permanent);
    session.#json = undefined;
    session.#shared = values;
    return session;
  }

  /** The values to read: the shared ones until the first change. */
  get #readable(): Readonly<Record<string, unknown>> {
    return this.#data ?? this.#shared ?? this.#values;
  }

  /** The values to change: the shared ones are copied first. */
  get #values(): Record<string, unknown> {
    if (this.#data === undefined && this.#shared !== undefined) {
      this.#data = dataOf(this.#shared);
      this.#shared = undefined;
    } else if (this.#data === undefined) {
      const parsed: unknown = JSON.parse(this.#json ?? '{}');
      this.#json = undefined;
      this.#data = dataOf(
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : {},
      );
    }
    return this.#data;
  }

  /** Reads a value. */
  get<K extends keyof S & string>(key: K): S[K] | undefined {
    this.accessed = true;
    return this.#readable[key] as S[K] | undefined;
  }

  /** Sets a value; it must survive JSON (no functions, no class instances). */
  set<K extends keyof S & string>(key: K, value: S[K]): void {
    this.accessed = true;
    this.modified = true;
    this.#values[key] = value;
  }

  /** Removes a value and returns it. */
  pop<K extends keyof S & string>(key: K): S[K] | undefined {
    this.accessed = true;
    if (!(key in this.#readable)) return undefined;
    const value = this.#values[key] as S[K];
    delete this.#values[key];
    this.modified = true;
    return value;
  }

  /** Removes a value. */
  delete(key: keyof S & string): void {
    this.pop(key);
  }

  /** True when the key holds a value. */
  has(key: keyof S & string): boolean {
    this.accessed = true;
    return key in this.#readable;
  }

  /**
   * Empties the session (e.g. on login and logout), the permanent flag included, as in Flask:
   * set `permanent` again after `clear()` to keep a long-lived cookie.
   */
  clear(): void {
    this.accessed = true;
    if (this.#permanent || !this.isEmpty) this.modified = true;
    this.#json = undefined;
    this.#shared = undefined;
    this.#data = dataOf({});
    this.#permanent = false;
  }

  /** Keys set by the app (internal keys start with `_`). */
  keys(): string[] {
    this.accessed = true;
    return Object.keys(this.#readable).filter((key) => !key.startsWith('_'));
  }

  /** A permanent session lives for PERMANENT_SESSION_LIFETIME; otherwise until the browser closes. */
  get permanent(): boolean {
    return this.#permanent;
  }
  set permanent(value: boolean) {
    if (value === this.#permanent) return;
    this.#permanent = value;
    this.modified = true;
    if (value) this.#values._permanent = true;
    else delete this.#values._permanent;
  }

  /** Internal values (flashes), for Flagon's own use. */
  internal(key: `_${string}`): unknown {
    return this.#readable[key];
  }

  /** Sets an internal value (flashes), for Flagon's own use. */
  setInternal(key: `_${string}`, value: unknown): void {
    this.accessed = true;
    this.modified = true;
    if (value === undefined) delete this.#values[key];
    else this.#values[key] = value;
  }

  /** True when nothing is stored. */
  get isEmpty(): boolean {
    for (const _ in this.#readable) return false;
    return true;
  }

  /** The stored data, as it is serialized. */
  toJSON(): Record<string, unknown> {
    return { ...this.#readable };
  }
}

/**
 * The session's values in an object without prototype, so every key is data: `constructor` or
 * `toString` is absent until set, and `__proto__` is an ordinary key.
 */
function dataOf(values: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, values);
}

/**
 * The values of a cookie's session to share between the requests that send it (see
 * `Session.fromShared`), or undefined when some value is an object or array that a request could
 * change in place.
 */
export function sharedValues(data: Record<string, unknown>): Readonly<Record<string, unknown>> | undefined {
  for (const key in data) {
    const value = data[key];
    if (value !== null && typeof value === 'object') return undefined;
  }
  return Object.freeze(dataOf(data));
}
