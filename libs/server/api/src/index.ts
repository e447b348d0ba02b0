export { createApp, type AppDeps } from './app';
export { AppError } from './http/app-error';
export { createSessionStore, SESSION_COOKIE, type SessionStore } from './http/session.middleware';
export { CSRF_COOKIE, CSRF_HEADER } from './http/csrf.middleware';
export { startServer, type RunningServer, type ServerOptions } from './server/start-server';
export { prepareDatabase, type PreparedDatabase, type DatabaseSettings } from './server/prepare-database';
export { superviseWorker, type Worker } from './server/worker';
export { resolveSessionSecret } from './server/session-secret';
export { buildOpenApiDocument } from './openapi/openapi.document';
