// Errors

export type { HTTPErrorOptions } from './errors.js';
export { abort, HTTPError, SetupError, STATUS_TEXT, UrlBuildError } from './errors.js';
