import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailboxRepository } from './mailbox.repository';
import type { NewMessage } from './mailbox.schema';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface SmtpCatcher {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A development SMTP server: accepts every message on loopback without authentication or TLS
 * and stores it. The server answers 250 only after the message is stored, so a sender that saw
 * "accepted" can rely on it being in the inbox.
 */
export async function startSmtpCatcher(port: number, repository: MailboxRepository, host = '127.0.0.1'): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      storeMessage(stream, session, repository).then(() => callback(), (error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // A client that drops the connection mid-transaction must not take the catcher down.
  server.on('error', () => undefined);
  const address = server.server.address() as AddressInfo;
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function storeMessage(stream: SMTPServerDataStream, session: SMTPServerSession, repository: MailboxRepository): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) throw Object.assign(new Error('Message too large'), { responseCode: 552 });
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw);
  await repository.insert(toNewMessage(parsed, session, raw));
}

function toNewMessage(parsed: ParsedMail, session: SMTPServerSession, raw: Buffer): NewMessage {
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  return {
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text ?? envelopeFrom,
    // The envelope names every recipient, Bcc included, which the headers do not.
    to: session.envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? null,
    html: parsed.html === false ? null : (parsed.html ?? null),
    headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()])),
    raw: raw.toString('utf8'),
    size: raw.length,
  };
}

