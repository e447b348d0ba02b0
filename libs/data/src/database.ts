import pg from 'pg';

export interface Databases {
  /** The domain database: captured by the pipeline. */
  domainUrl: string;
  /** Where the embedded event log and search index live. */
  pipelineUrl: string;
  /** True when the pipeline shares the domain database (user may not create databases). */
  sharedDatabase: boolean;
}

/** Connection strings as pg understands them, with the database name swapped. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

/**
 * Checks the server can feed the pipeline and finds a home for the embedded log and index: their
 * own database `<db>_pipeline` on the same server (so the capture never decodes the pipeline's
 * own writes), or the domain database itself when the user may not create databases.
 */
export async function prepareDatabases(domainUrl: string, pipelineUrl?: string): Promise<Databases> {
  const client = new pg.Client({ connectionString: domainUrl });
  try {
    await client.connect().catch((error: Error) => {
      throw new Error(`Cannot connect to ${redact(domainUrl)}: ${error.message}. Check DATABASE_URL.`);
    });
    await assertLogicalWal(client);
    if (pipelineUrl) return { domainUrl, pipelineUrl, sharedDatabase: pipelineUrl === domainUrl };
    const name = `${databaseName(domainUrl)}_pipeline`;
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return { domainUrl, pipelineUrl: withDatabase(domainUrl, name), sharedDatabase: false };
    try {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
      return { domainUrl, pipelineUrl: withDatabase(domainUrl, name), sharedDatabase: false };
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error;
      return { domainUrl, pipelineUrl: domainUrl, sharedDatabase: true };
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function assertLogicalWal(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ wal_level: string }>('show wal_level');
  if (rows[0].wal_level !== 'logical') {
    throw new Error(
      `PostgreSQL has wal_level=${rows[0].wal_level}; change capture needs wal_level=logical. ` +
        `Run "ALTER SYSTEM SET wal_level = logical;" as a superuser (or set it in postgresql.conf) ` +
        `and restart PostgreSQL, then start again.`,
    );
  }
}

/** Creates a database if it is missing (used for the domain database on the embedded server). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid DATABASE_URL>';
  }
}
