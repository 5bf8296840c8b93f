// The app

export { Flagon } from './app.js';
export type { AppTypes, ConfigOf, GOf, ServicesOf, SessionOf } from './app-types.js';
export type { Command, CommandArgument, CommandInput, CommandOption, CommandSpec } from './commands.js';
// Commands and testing
export { CommandRegistry } from './commands.js';
export type { FlashedMessage, FlashOptions } from './context.js';
// The request
export { Context } from './context.js';
export type { Converter, ConverterFactory, ConverterTypes } from './converters.js';
// Routing
export { DEFAULT_CONVERTERS, NO_MATCH } from './converters.js';
export type { CookieOptions } from './cookies.js';
export { readCookie } from './cookies.js';
export type { CoreConfig } from './defaults.js';
export { DEFAULT_CONFIG } from './defaults.js';
export { escapeHtml } from './error-page.js';
export type { HTTPErrorOptions } from './errors.js';
// Errors
export { abort, HTTPError, SetupError, STATUS_TEXT, UrlBuildError } from './errors.js';
export type { Extension, FlagonOptions, Logger, Registrable, TemplateRenderer } from './extension-types.js';
// Extension points
export { resolveFolder } from './folders.js';
export type { HookKind, Scope } from './hooks.js';
// Files (a 404 on a runtime without a file system)
export type { SendFileOptions } from './node/static-files.js';
export { sendFile, sendFromDirectory } from './node/static-files.js';
export type { ProxyFixConfig } from './proxy-fix.js';
export type { FormValue } from './request.js';
export { FlagonRequest } from './request.js';
export type { ViewResult } from './response.js';
export { jsonResponse, redirectResponse, toResponse } from './response.js';
export type { RouteInfo } from './route-table.js';
export type { AnyHook, RouteShorthand } from './scaffold.js';
export { Scaffold } from './scaffold.js';
// Secret keys
export {
  DEVELOPMENT_SECRET_KEYS,
  GENERATE_SECRET_KEY_COMMAND,
  MIN_SECRET_KEY_BYTES,
  weakSecretKeyReason,
} from './secret-key.js';
export type { SessionData } from './session.js';
// Sessions and cookies
export { Session } from './session.js';
export type { SessionStore } from './session-store.js';
export { CookieSessionStore, MAX_COOKIE_SIZE, SessionTooLargeError, sessionCookie } from './session-store.js';
export { fulfilled, PENDING, valueNow } from './settled.js';
export { Signer } from './signed-cookie.js';
export type { TestClientOptions, TestRequestOptions, TestResponse } from './test-client.js';
export { TestClient } from './test-client.js';
export type { RouteParams } from './types.js';
export type {
  AfterRequestHook,
  Awaitable,
  BeforeRequestHook,
  ContextProcessor,
  ErrorHandler,
  ErrorKey,
  FinalizeHook,
  RequestContext,
  RouteOptions,
  RouteRef,
  TeardownHook,
  UrlDefaultsHook,
  UrlFor,
  UrlForOptions,
  UrlValuePreprocessor,
  View,
} from './view-types.js';
