import { lsnToNumber, type AggregateDeclaration } from '@dsm/contracts';
import { createResilientPool, prepared, type PoolLogger } from '@dsm/data';
import type pg from 'pg';
import { collectTouched, type RowChange } from './affected-roots';
import { quoteIdent } from './aggregate-plan';
import { buildDocumentSql } from './document-sql';
import { buildRootsSql } from './roots-sql';

export interface RebuiltDocument {
  id: string;
  /** Null when the root no longer exists (a tombstone). */
  document: Record<string, unknown> | null;
}

/**
 * Reads aggregates from the domain database. Every read runs in one REPEATABLE READ, read-only
 * transaction, so all documents of a batch come from the same committed state.
 */
export interface ViewRepository {
  rebuild(changes: RowChange[], aggregates: readonly AggregateDeclaration[]): Promise<Map<string, RebuiltDocument[]>>;
  /** Keyset page of documents in id order (reindex, verify). */
  page(aggregate: AggregateDeclaration, afterId: number, size: number): Promise<RebuiltDocument[]>;
  load(aggregate: AggregateDeclaration, ids: string[]): Promise<RebuiltDocument[]>;
  /** Number of roots (progress totals). */
  count(aggregate: AggregateDeclaration): Promise<number>;
  /** Which of `ids` still have their root row. */
  existing(aggregate: AggregateDeclaration, ids: string[]): Promise<Set<string>>;
  /**
   * A WAL position (as a Debezium LSN number) whose commits every read starting afterwards sees:
   * the current position, returned once the transactions running when it was read have ended. (A
   * commit's WAL record is written before the commit becomes visible; a read in between would miss
   * a commit the position covers.) Like CREATE INDEX CONCURRENTLY, it waits for such writers;
   * `onWaiting` hears how many there still are once that takes longer than a second.
   */
  settledWalPosition(onWaiting?: (writers: number) => void): Promise<number>;
  close(): Promise<void>;
}

export interface ViewRepositoryOptions {
  max?: number;
  /** Hears connections lost to a PostgreSQL restart (the reads in flight fail and are retried). */
  logger?: PoolLogger;
}

export function createViewRepository(domainUrl: string, options: ViewRepositoryOptions = {}): ViewRepository {
  const pool = createResilientPool(
    { connectionString: domainUrl, max: options.max ?? 4, application_name: 'dsm-view' },
    { name: 'view repository', logger: options.logger },
  );
  const documentSql = new Map<string, string>();
  const sqlFor = (aggregate: AggregateDeclaration, kind: 'ids' | 'page'): string => {
    const key = `${aggregate.name}:${kind}`;
    const cached = documentSql.get(key);
    if (cached) return cached;
    const sql = kind === 'ids'
      ? buildDocumentSql(aggregate, 'r.id = any($1::bigint[])')
      : buildDocumentSql(aggregate, 'r.id > $1', 'order by r.id limit $2');
    documentSql.set(key, sql);
    return sql;
  };

  const inSnapshot = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("begin isolation level repeatable read read only; set local timezone = 'UTC'");
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const loadWith = async (client: pg.PoolClient, aggregate: AggregateDeclaration, ids: string[]) => {
    if (!ids.length) return [];
    // Prepared: planning this many-join statement cost as much as running it for a small batch.
    const { rows } = await client.query<{ id: string; document: Record<string, unknown> }>(prepared(sqlFor(aggregate, 'ids'), [ids]));
    const found = new Map(rows.map((row) => [row.id, row.document]));
    return ids.map((id) => ({ id, document: found.get(id) ?? null }));
  };

  return {
    rebuild: (changes, aggregates) =>
      inSnapshot(async (client) => {
        const result = new Map<string, RebuiltDocument[]>();
        for (const aggregate of aggregates) {
          const touched = collectTouched(aggregate, changes);
          const roots = buildRootsSql(aggregate, touched.nodeIds);
          if (roots.text) {
            const { rows } = await client.query<{ id: string }>(roots.text, roots.values);
            rows.forEach((row) => touched.rootIds.add(row.id));
          }
          const ids = [...touched.rootIds].sort((a, b) => Number(a) - Number(b));
          result.set(aggregate.name, await loadWith(client, aggregate, ids));
        }
        return result;
      }),
    page: (aggregate, afterId, size) =>
      inSnapshot(async (client) => {
        const { rows } = await client.query<{ id: string; document: Record<string, unknown> }>(sqlFor(aggregate, 'page'), [afterId, size]);
        return rows;
      }),
    load: (aggregate, ids) => inSnapshot((client) => loadWith(client, aggregate, ids)),
    count: async (aggregate) => {
      const { rows } = await pool.query<{ count: string }>(`select count(*) as count from ${quoteIdent(aggregate.root.table)}`);
      return Number(rows[0].count);
    },
    existing: async (aggregate, ids) => {
      const { rows } = await pool.query<{ id: string }>(
        `select id::text as id from ${quoteIdent(aggregate.root.table)} where id = any($1::bigint[])`, [ids]);
      return new Set(rows.map((row) => row.id));
    },
    settledWalPosition: async (onWaiting) => {
      const { rows } = await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      // Read after the position: every transaction with an id holds a lock on it until it is
      // visible. Only this database's: the server's other databases do not feed the documents.
      const writers = `select l.transactionid::text as xid from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted and a.datname = current_database()`;
      let running = (await pool.query<{ xid: string }>(writers)).rows.map((row) => row.xid);
      const reportAt = Date.now() + 1000;
      for (let reported = false; running.length > 0; ) {
        if (!reported && Date.now() >= reportAt) {
          reported = true;
          onWaiting?.(running.length);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { rows: still } = await pool.query<{ xid: string }>(`${writers} and l.transactionid::text = any($1)`, [running]);
        running = still.map((row) => row.xid);
      }
      return lsnToNumber(rows[0].lsn);
    },
    close: () => pool.end(),
  };
}
