import { databaseName } from '@dsm/data';
import type { BenchContext } from '../bench.context';
import { withClient } from '../stack/stack';

export interface StatementFigure {
  database: 'domain' | 'pipeline' | 'reference' | 'other';
  calls: number;
  /** Execution time (waits included) per row change of the measured load. */
  microsPerRow: number;
  meanMs: number;
  query: string;
}

/** The bench's databases by the part they play (the event log and index share `pipeline`). */
export function databaseRoles(context: BenchContext): Map<string, 'domain' | 'pipeline' | 'reference'> {
  return new Map([
    [databaseName(context.stack.domainUrl), 'domain'],
    [databaseName(context.stack.pipelineUrl), 'pipeline'],
    [databaseName(context.stack.referenceUrl), 'reference'],
  ] as const);
}

/**
 * Loads pg_stat_statements into the embedded cluster (a preload library: ALTER SYSTEM and a
 * restart) and creates it where the pipeline's statements run. Call before the worker starts.
 */
export async function enableStatementStats(context: BenchContext): Promise<void> {
  if (!context.stack.embedded) throw new Error('--statements needs the embedded PostgreSQL: unset DATABASE_URL');
  await context.pool.query("alter system set shared_preload_libraries = 'pg_stat_statements'");
  await context.pool.query("alter system set pg_stat_statements.track = 'all'");
  await context.stack.restartPostgres();
  for (const url of [context.stack.domainUrl, context.stack.pipelineUrl]) {
    await withClient(url, (client) => client.query('create extension if not exists pg_stat_statements'));
  }
}

export async function resetStatementStats(context: BenchContext): Promise<void> {
  await context.pool.query('select pg_stat_statements_reset()');
}

/** The statements that took the most execution time since the reset, per row change. */
export async function topStatements(context: BenchContext, rowChanges: number, limit = 15): Promise<StatementFigure[]> {
  const roles = databaseRoles(context);
  const { rows } = await context.pool.query<{ datname: string; calls: string; total_ms: number; query: string }>(
    `select d.datname, s.calls, s.total_exec_time as total_ms, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) as query
     from pg_stat_statements s join pg_database d on d.oid = s.dbid
     order by s.total_exec_time desc limit $1`,
    [limit],
  );
  return rows.map((row) => ({
    database: roles.get(row.datname) ?? 'other',
    calls: Number(row.calls),
    microsPerRow: Math.round((row.total_ms * 1000) / Math.max(rowChanges, 1)),
    meanMs: Math.round((row.total_ms / Math.max(Number(row.calls), 1)) * 100) / 100,
    query: row.query,
  }));
}
