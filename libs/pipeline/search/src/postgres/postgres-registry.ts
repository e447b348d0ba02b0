import type pg from 'pg';
import type { IndexDefinition } from '../search.port';
import { physicalIndexName } from '../query/index-definition.schema';
import { columnDefinitions, indexDefinitions, layoutOf } from './postgres-table.layout';

// One fixed key: every process creating the schema at once waits for the first one.
const SCHEMA_LOCK = 4_271_902_003;

/** `search."deliveries__3"`; physical names are validated, quoting keeps "-" legal. */
export const tableOf = (physicalIndex: string) => `search."${physicalIndex}"`;

/**
 * Creates schema `search` (registry of physical indexes, aliases, generations) once, under an
 * advisory lock so that processes starting together do not race on `create … if not exists`.
 */
export async function ensureSearchSchema(client: pg.ClientBase): Promise<void> {
  await inTransaction(client, async () => {
    await client.query('select pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query('create extension if not exists pg_trgm');
    await client.query('create schema if not exists search');
    await client.query(`create table if not exists search.physical_indexes (
      name text primary key, index_name text not null, definition jsonb not null,
      created_at timestamptz not null default now())`);
    await client.query(`create table if not exists search.aliases (
      name text primary key, physical_index text not null references search.physical_indexes (name),
      updated_at timestamptz not null default now())`);
    await client.query('create sequence if not exists search.generation');
    // A date cast depends on the session time zone; pinning UTC makes it immutable, so it can
    // feed a generated column (values without a zone mean UTC, as in Elasticsearch).
    await client.query(`create or replace function search.utc_timestamp(value text) returns timestamptz
      language sql immutable parallel safe set timezone = 'UTC' as $$ select value::timestamptz $$`);
  });
}

/** Creates a new generation's table, its indexes and its registry row; returns its name. */
export async function createPhysicalTable(client: pg.ClientBase, definition: IndexDefinition): Promise<string> {
  const { rows } = await client.query<{ generation: string }>(`select nextval('search.generation') as generation`);
  const name = physicalIndexName(definition.name, Number(rows[0].generation));
  const layout = layoutOf(definition);
  await client.query(`create table ${tableOf(name)} (${columnDefinitions(layout).join(', ')})`);
  for (const index of indexDefinitions(layout)) await client.query(`create index on ${tableOf(name)} ${index}`);
  await client.query('insert into search.physical_indexes (name, index_name, definition) values ($1, $2, $3)', [
    name,
    definition.name,
    JSON.stringify(definition),
  ]);
  return name;
}

export async function lockIndexName(client: pg.ClientBase, index: string): Promise<void> {
  await client.query(`select pg_advisory_xact_lock(hashtext('dsm.search.' || $1))`, [index]);
}

export async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
