/**
 * Promises whose value can be read without waiting. A data layer whose driver answers at once
 * (SQLite through better-sqlite3) still returns a promise, so that views read the same on every
 * driver; made with {@link fulfilled}, that promise also lets the dispatcher take its value in the
 * same turn, so a view that returns it as is (without `async`) is answered as a synchronous view
 * is, with no wait on the microtask queue.
 *
 * Only the promise made last can be read: it is checked by identity, so a value is never read
 * from the wrong promise, and nothing is kept per promise.
 */

/** What {@link valueNow} returns for a promise whose value cannot be read now. */
export const PENDING: unique symbol = Symbol('flagon.pending');

let lastPromise: Promise<unknown> | undefined;
let lastValue: unknown;

/**
 * A promise fulfilled with `value` whose value {@link valueNow} can read in the same turn.
 *
 * @example
 * ```ts
 * import { fulfilled, valueNow } from '@flagon/core';
 * const found = fulfilled({ id: 1 });
 * valueNow(found); // { id: 1 }
 * await found; // { id: 1 }
 * ```
 */
export function fulfilled<T>(value: T): Promise<Awaited<T>> {
  const promise = Promise.resolve(value);
  // A promise or other thenable given here settles later: its value is not known now.
  if (!isThenable(value)) {
    lastPromise = promise;
    lastValue = value;
  }
  return promise;
}

function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The value of `promise` when it is the last one {@link fulfilled} made, else {@link PENDING}
 * (wait for it as usual).
 */
export function valueNow<T>(promise: Promise<T>): T | typeof PENDING {
  return promise === lastPromise ? (lastValue as T) : PENDING;
}
