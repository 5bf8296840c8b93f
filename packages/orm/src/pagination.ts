/** Options for `iterPages()`, as in Flask-SQLAlchemy. */
export interface IterPagesOptions {
  /** Pages shown at the start. Default 2. */
  readonly leftEdge?: number;
  /** Pages shown before the current page. Default 2. */
  readonly leftCurrent?: number;
  /** Pages shown after the current page. Default 4 (Flask-SQLAlchemy's default, which counts the current page). */
  readonly rightCurrent?: number;
  /** Pages shown at the end. Default 2. */
  readonly rightEdge?: number;
}

/** Options for `paginate()`. */
export interface PaginateOptions {
  /** 1-based page number. Default 1. */
  readonly page?: number;
  /** Items per page. Default 20. */
  readonly perPage?: number;
  /** Upper bound for `perPage` (e.g. when it comes from the query string). Default: none. */
  readonly maxPerPage?: number;
  /** Throw `HTTPError(404)` for a page < 1, perPage < 1 or a page past the end. Default true. */
  readonly errorOut?: boolean;
}

/**
 * One page of results with the navigation numbers a template needs.
 *
 * @example
 * ```ts
 * const page = await db.posts.orderBy('id').paginate({ page: 2, perPage: 10 });
 * page.items; page.total; page.hasNext; [...page.iterPages()]; // [1, 2, 3, null, 9, 10]
 * ```
 */
export class Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number;

  constructor(items: T[], page: number, perPage: number, total: number) {
    this.items = items;
    this.page = page;
    this.perPage = perPage;
    this.total = total;
  }

  /** The number of pages (0 when there are no items). */
  get pages(): number {
    return this.total === 0 ? 0 : Math.ceil(this.total / this.perPage);
  }

  get hasPrev(): boolean {
    return this.page > 1;
  }

  get hasNext(): boolean {
    return this.page < this.pages;
  }

  /** The previous page number, or null on the first page. */
  get prevNum(): number | null {
    return this.hasPrev ? this.page - 1 : null;
  }

  /** The next page number, or null on the last page. */
  get nextNum(): number | null {
    return this.hasNext ? this.page + 1 : null;
  }

  /** 1-based index of the first item on this page (0 when empty). */
  get first(): number {
    return this.items.length === 0 ? 0 : (this.page - 1) * this.perPage + 1;
  }

  /** 1-based index of the last item on this page (0 when empty). */
  get last(): number {
    return this.items.length === 0 ? 0 : this.first + this.items.length - 1;
  }

  /**
   * Page numbers for a pagination widget, with `null` where numbers are skipped —
   * Flask-SQLAlchemy's `iter_pages`.
   */
  *iterPages(options: IterPagesOptions = {}): Generator<number | null> {
    const { leftEdge = 2, leftCurrent = 2, rightCurrent = 4, rightEdge = 2 } = options;
    const pagesEnd = this.pages + 1;
    if (pagesEnd === 1) return;
    const leftEnd = Math.min(1 + leftEdge, pagesEnd);
    for (let p = 1; p < leftEnd; p++) yield p;
    if (leftEnd === pagesEnd) return;
    const midStart = Math.max(leftEnd, this.page - leftCurrent);
    const midEnd = Math.min(this.page + rightCurrent + 1, pagesEnd);
    if (midStart - leftEnd > 0) yield null;
    for (let p = midStart; p < midEnd; p++) yield p;
    if (midEnd === pagesEnd) return;
    const rightStart = Math.max(midEnd, pagesEnd - rightEdge);
    if (rightStart - midEnd > 0) yield null;
    for (let p = rightStart; p < pagesEnd; p++) yield p;
  }
}

/** Options for keyset (cursor) pagination. */
export interface KeysetOptions<Col extends string = string> {
  /** Items per page. Default 20. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  readonly after?: string | null | undefined;
  /** The column to order by; the primary key breaks ties. Default: the primary key. */
  readonly orderBy?: Col;
  /** Default `asc`. */
  readonly direction?: 'asc' | 'desc';
}

/** A keyset page: its items and the opaque cursor of the next page (null at the end). */
export interface KeysetPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

/** Encodes a cursor as base64url JSON. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor; returns undefined when it is malformed. */
export function decodeCursor(cursor: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
