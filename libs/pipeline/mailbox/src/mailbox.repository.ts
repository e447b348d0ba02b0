import type pg from 'pg';
import { createResilientPool, type PoolLogger } from '@dsm/pg-resilience';
import type { CaughtMessage, MessageSummary, NewMessage } from './mailbox.schema';

/** Caught mail lives in its own schema of the pipeline database, so it survives restarts. */
const SCHEMA_SQL = `
  create schema if not exists mailbox;
  create table if not exists mailbox.messages (
    id bigint generated always as identity primary key,
    message_id text,
    mail_from text not null,
    rcpt_to text[] not null,
    subject text not null,
    text_body text,
    html_body text,
    headers jsonb not null,
    raw text not null,
    size integer not null,
    received_at timestamptz not null default now()
  );
  create index if not exists messages_received_at_idx on mailbox.messages (received_at desc);
`;
/** Two mailboxes starting at once on one database would race on `create ... if not exists`. */
const SCHEMA_LOCK = 7_240_312;

export interface MailboxRepository {
  insert(message: NewMessage): Promise<string>;
  list(options: { to?: string; limit: number }): Promise<MessageSummary[]>;
  get(id: string): Promise<CaughtMessage | null>;
  raw(id: string): Promise<string | null>;
  remove(id: string): Promise<boolean>;
  clear(): Promise<number>;
  close(): Promise<void>;
}

interface MessageRow {
  id: string;
  message_id: string | null;
  mail_from: string;
  rcpt_to: string[];
  subject: string;
  text_body: string | null;
  html_body: string | null;
  headers: Record<string, string>;
  size: number;
  received_at: Date;
}

const SUMMARY_COLUMNS = 'id::text, message_id, mail_from, rcpt_to, subject, size, received_at';

export async function createMailboxRepository(databaseUrl: string, logger?: PoolLogger): Promise<MailboxRepository> {
  // A PostgreSQL restart fails the statement in flight, so the SMTP sender is told to try again
  // later; the lost connections are logged, not fatal to the worker.
  const pool = createResilientPool({ connectionString: databaseUrl, max: 4, application_name: 'dsm-mailbox' }, { name: 'mailbox', logger });
  await ensureSchema(pool);
  return {
    async insert(m) {
      const { rows } = await pool.query<{ id: string }>(
        `insert into mailbox.messages (message_id, mail_from, rcpt_to, subject, text_body, html_body, headers, raw, size)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id::text`,
        [m.messageId, m.from, m.to, m.subject, m.text, m.html, JSON.stringify(m.headers), m.raw, m.size],
      );
      return rows[0].id;
    },
    async list({ to, limit }) {
      const { rows } = await pool.query<MessageRow>(
        `select ${SUMMARY_COLUMNS} from mailbox.messages
         where $1::text is null or lower($1) = any (select lower(r) from unnest(rcpt_to) r)
         order by id desc limit $2`,
        [to ?? null, limit],
      );
      return rows.map(toSummary);
    },
    async get(id) {
      const { rows } = await pool.query<MessageRow>(
        `select ${SUMMARY_COLUMNS}, text_body, html_body, headers from mailbox.messages where id = $1`,
        [id],
      );
      return rows[0] ? toMessage(rows[0]) : null;
    },
    async raw(id) {
      const { rows } = await pool.query<{ raw: string }>('select raw from mailbox.messages where id = $1', [id]);
      return rows[0]?.raw ?? null;
    },
    async remove(id) {
      const result = await pool.query('delete from mailbox.messages where id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async clear() {
      const result = await pool.query('delete from mailbox.messages');
      return result.rowCount ?? 0;
    },
    close: () => pool.end(),
  };
}

async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA_SQL);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    client.release();
  }
}

function toSummary(row: MessageRow): MessageSummary {
  return {
    id: row.id,
    messageId: row.message_id,
    from: row.mail_from,
    to: row.rcpt_to,
    subject: row.subject,
    size: row.size,
    receivedAt: row.received_at.toISOString(),
  };
}

function toMessage(row: MessageRow): CaughtMessage {
  return { ...toSummary(row), text: row.text_body, html: row.html_body, headers: row.headers };
}
