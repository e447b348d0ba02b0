import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { connectDatabase } from '@dsm/data';
import { buildApp, type AppDeps, type AppKit } from '../app';
import { createSessionStore } from '../http/session.middleware';
import { resolveSessionSecret } from './session-secret';

export interface ServerOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  sessionSecret?: string;
  webDir?: string;
  trustProxy?: boolean | number | string;
  logger: Logger;
  /** More routes (e.g. the pipeline monitor), given the API's session and CSRF middleware. */
  extend?: AppDeps['extend'];
  extraRoutes?: AppDeps['extraRoutes'];
}

export interface RunningServer {
  app: Express;
  /** Session, CSRF and user lookup, e.g. for a socket.io gateway on `server`. */
  kit: AppKit;
  /** The listening server, e.g. to attach socket.io to. */
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

/** Builds the app over a database and listens; `close` drains HTTP, then releases the pools. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = connectDatabase(options.databaseUrl);
  const sessions = createSessionStore(options.databaseUrl, { logger: options.logger });
  const sessionSecret = await resolveSessionSecret(options.databaseUrl, options.sessionSecret);
  const { app, kit } = buildApp({
    db, sessionStore: sessions.store, sessionSecret, logger: options.logger, webDir: options.webDir, trustProxy: options.trustProxy, extend: options.extend, extraRoutes: options.extraRoutes,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    kit,
    server,
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a grace period; long-lived connections (polling, sockets) do not hold shutdown.
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      await sessions.close();
      await db.close();
    },
  };
}
