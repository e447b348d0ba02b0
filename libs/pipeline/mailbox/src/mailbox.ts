import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createInboxApp } from './inbox.router';
import type { PoolLogger } from '@dsm/pg-resilience';
import { createMailboxRepository } from './mailbox.repository';
import { startSmtpCatcher } from './smtp.adapter';

export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_INBOX_PORT = 1080;

export interface MailboxOptions {
  /** SMTP port on loopback; 0 picks a free one. Default 1025. */
  smtpPort?: number;
  /** Web inbox port on loopback; 0 picks a free one. Default 1080. */
  httpPort?: number;
  /** Where caught mail is kept: schema `mailbox` of this database (the pipeline database). */
  storage: { databaseUrl: string };
  host?: string;
  /** Hears the storage connections lost (a PostgreSQL restart); console by default. */
  logger?: PoolLogger;
}

export interface Mailbox {
  readonly smtpPort: number;
  readonly httpPort: number;
  /** `smtp://127.0.0.1:<port>`: what senders (the notify stage) are given as SMTP_URL. */
  readonly smtpUrl: string;
  /** The web inbox, e.g. http://127.0.0.1:1080/ */
  readonly inboxUrl: string;
  close(): Promise<void>;
}

/**
 * The embedded mail catcher: an SMTP server that keeps every message it is sent and a web inbox
 * to read them. It is what `npm start` uses when SMTP_URL is unset, so a new user sees the
 * product's e-mail without a mail server; nothing it catches is delivered anywhere.
 */
export async function startMailbox(options: MailboxOptions): Promise<Mailbox> {
  const host = options.host ?? '127.0.0.1';
  const repository = await createMailboxRepository(options.storage.databaseUrl, options.logger);
  const smtpPort = options.smtpPort ?? DEFAULT_SMTP_PORT;
  const smtp = await startSmtpCatcher(smtpPort, repository, host).catch(async (error: Error) => {
    await repository.close();
    throw explainListenError(error, 'SMTP catcher', smtpPort);
  });
  const httpPort = options.httpPort ?? DEFAULT_INBOX_PORT;
  const http = await listen(createInboxApp(repository), httpPort, host).catch(async (error: Error) => {
    await smtp.close();
    await repository.close();
    throw explainListenError(error, 'web inbox', httpPort);
  });
  const boundHttpPort = (http.address() as AddressInfo).port;
  return {
    smtpPort: smtp.port,
    httpPort: boundHttpPort,
    smtpUrl: `smtp://${host}:${smtp.port}`,
    inboxUrl: `http://${host}:${boundHttpPort}/`,
    async close() {
      await smtp.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await repository.close();
    },
  };
}

function listen(app: ReturnType<typeof createInboxApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function explainListenError(error: Error, what: string, port: number): Error {
  if ((error as { code?: string }).code !== 'EADDRINUSE') return error;
  return new Error(
    `The ${what} cannot listen on port ${port}: it is in use. Stop what uses it, or set SMTP_URL to a real SMTP server ` +
      `(the local mail catcher then does not start).`,
    { cause: error },
  );
}
