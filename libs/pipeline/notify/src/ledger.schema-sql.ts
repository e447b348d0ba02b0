/**
 * The sent-ledger and notification log: one row per outbox event that asked for an e-mail, keyed
 * by the event id. It lives in the pipeline database next to the event log's offsets.
 */
export const LEDGER_SCHEMA_SQL = `
  create schema if not exists notify;
  create table if not exists notify.notifications (
    event_id text primary key,
    event_type text not null,
    notification text not null,
    state text not null check (state in ('sending', 'retrying', 'sent', 'failed', 'unconfirmed')),
    claim_token uuid not null,
    recipient text not null,
    recipient_name text not null,
    subject text not null,
    message_id text not null,
    customer_id bigint,
    order_id bigint,
    invoice_id bigint,
    delivery_id bigint,
    source_topic text not null,
    source_partition integer not null,
    source_offset text not null,
    attempts integer not null default 0,
    last_error text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    sent_at timestamptz
  );
  create index if not exists notifications_order_id_idx on notify.notifications (order_id);
  create index if not exists notifications_delivery_id_idx on notify.notifications (delivery_id);
`;

/** Serialises schema creation when the stage and the API start together on one database. */
export const LEDGER_SCHEMA_LOCK = 7_240_313;
