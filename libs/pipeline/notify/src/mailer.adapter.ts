import nodemailer from 'nodemailer';
import type { RenderedEmail } from './templates';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  toName: string;
  /** Stable per event, so a receiving system can recognise a duplicate (RFC 5322 Message-ID). */
  messageId: string;
}

/** The mail port: hands one message to an SMTP server; resolves once the server accepted it. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** An SMTP failure with the server's reply code when there was one (5xx: permanent). */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
  get permanent(): boolean {
    return this.responseCode !== null && this.responseCode >= 500;
  }
}

/** nodemailer over SMTP; only this file imports it. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(withDefaultTimeouts(smtpUrl));
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from,
          to: { name: email.toName, address: email.to },
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
        });
        if (info.rejected.length > 0) throw new SmtpError(`Recipient rejected: ${email.to}`, 550);
      } catch (error) {
        if (error instanceof SmtpError) throw error;
        const { message, responseCode } = error as { message: string; responseCode?: number };
        throw new SmtpError(message, responseCode ?? null);
      }
    },
    close: () => transport.close(),
  };
}

/** `<event-id.notify@domain-of-from>`: the same event always gets the same Message-ID. */
export function messageIdFor(eventId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${eventId}.notify@${domain}>`;
}

/**
 * Short timeouts unless SMTP_URL sets its own (nodemailer reads options from the query string):
 * a stage blocked on a dead server holds its partition; the retries do the waiting.
 */
function withDefaultTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults = { connectionTimeout: '5000', greetingTimeout: '5000', socketTimeout: '15000' };
  for (const [key, value] of Object.entries(defaults)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}
