/** Reason phrases for the status codes Flagon produces or is commonly asked to produce. */
export const STATUS_TEXT: Readonly<Record<number, string>> = Object.freeze({
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
});

const DESCRIPTIONS: Readonly<Record<number, string>> = Object.freeze({
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: 'The server could not verify that you are authorized to access the URL requested.',
  403: "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  413: 'The data value transmitted exceeds the capacity limit.',
  415: 'The server does not support the media type transmitted in the request.',
  500: 'The server encountered an internal error and was unable to complete your request.',
});

/** Options for {@link HTTPError}. */
export interface HTTPErrorOptions {
  /** Headers added to the error response (e.g. `Allow` on a 405). */
  headers?: HeadersInit;
  /** The underlying error, kept for logs and debug pages. */
  cause?: unknown;
  /** A response to send instead of the default error page. */
  response?: Response;
}

/**
 * An error that becomes an HTTP response: `throw new HTTPError(404)` or `abort(404)` in a view.
 * Handlers registered with `app.errorHandler(404, …)` receive it.
 *
 * @example
 * ```ts
 * if (!post) throw new HTTPError(404, `Post id ${id} doesn't exist.`);
 * ```
 */
export class HTTPError extends Error {
  /** The HTTP status code, 400–599. */
  readonly status: number;
  /** A stable machine-readable code, `http_<status>`. */
  readonly code: string;
  /** Extra response headers. */
  readonly headers: Headers;
  /** A ready response that replaces the default error page, when given. */
  readonly response: Response | undefined;

  constructor(status: number, message?: string, options: HTTPErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HTTPError status must be an integer from 400 to 599, got ${String(status)}`);
    }
    super(message ?? DESCRIPTIONS[status] ?? STATUS_TEXT[status] ?? `HTTP ${status}`, {
      cause: options.cause,
    });
    this.name = 'HTTPError';
    this.status = status;
    this.code = `http_${status}`;
    this.headers = new Headers(options.headers);
    this.response = options.response;
  }

  /** The reason phrase for this status, e.g. `Not Found`. */
  get title(): string {
    return STATUS_TEXT[this.status] ?? 'Error';
  }
}

/**
 * Throws an {@link HTTPError}: the Flask `abort()`.
 *
 * @example
 * ```ts
 * if (post.authorId !== c.g.user.id) abort(403);
 * ```
 */
export function abort(status: number, message?: string, options?: HTTPErrorOptions): never {
  throw new HTTPError(status, message, options);
}

/** Thrown by `urlFor` when a URL cannot be built: unknown endpoint, missing or bad parameter. */
export class UrlBuildError extends Error {
  readonly code = 'url_build';
  /** The endpoint that was asked for. */
  readonly endpoint: string;
  /** The parameters that were missing or did not convert. */
  readonly missing: readonly string[];
  /** Known endpoints close to the one asked for. */
  readonly suggestions: readonly string[];

  constructor(
    message: string,
    endpoint: string,
    missing: readonly string[] = [],
    suggestions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UrlBuildError';
    this.endpoint = endpoint;
    this.missing = missing;
    this.suggestions = suggestions;
  }
}

/** Thrown at setup time for a mistake in how the app is put together (routes, hooks, extensions). */
export class SetupError extends Error {
  readonly code: string;
  constructor(message: string, code = 'setup') {
    super(message);
    this.name = 'SetupError';
    this.code = code;
  }
}
