import pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS, type Migration } from './migrations';

/** A fixed key so that concurrent starters (server, worker, tests) migrate one at a time. */
const MIGRATION_LOCK = 7_240_311;

/** Applies pending migrations, each in its own transaction, under an advisory lock. */
export async function migrate(url: string, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    const umzug = new Umzug({
      migrations: migrations.map((migration) => ({
        name: migration.name,
        up: () => applyMigration(client, migration),
      })),
      context: client,
      storage: tableStorage(client),
      logger: undefined,
    });
    const applied = await umzug.up();
    return applied.map((migration) => migration.name);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** The migration and its record commit together: a crash never leaves one without the other. */
async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.up);
    await client.query('insert into schema_migrations (name) values ($1)', [migration.name]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

function tableStorage(client: pg.Client): UmzugStorage {
  return {
    async executed() {
      const { rows } = await client.query<{ name: string }>('select name from schema_migrations order by name');
      return rows.map((row) => row.name);
    },
    async logMigration({ name }) {
      await client.query('insert into schema_migrations (name) values ($1) on conflict do nothing', [name]);
    },
    async unlogMigration({ name }) {
      await client.query('delete from schema_migrations where name = $1', [name]);
    },
  };
}
