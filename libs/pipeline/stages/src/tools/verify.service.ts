import { FullDeliverySchema, FullOrderSchema, lsnToNumber, type AggregateDeclaration } from '@dsm/contracts';
import type { BulkOperation, SearchIndex } from '@dsm/search';
import pg from 'pg';
import { indexDefinition } from '../index/index-definitions';
import type { ViewRepository } from '../view/view.repository';
import { contentHash } from './canonical';

export interface VerifyReport {
  aggregate: string;
  index: string;
  checked: number;
  missing: string[];
  stale: string[];
  extra: string[];
  repaired: number;
}

export interface VerifyOptions {
  repair?: boolean;
  pageSize?: number;
  /** Called after each page of aggregates (progress bars). */
  onProgress?: (checked: number) => void;
}

const SCHEMAS = { full_delivery: FullDeliverySchema, full_order: FullOrderSchema } as const;

/**
 * Compares every aggregate in PostgreSQL with its document in the index: missing (no document),
 * stale (different content) and extra (a document whose root is gone). The index side is held as
 * one hash per document, so memory stays small. Repair writes straight to the index: a stale
 * document is overwritten at its own version (equal wins, any newer pipeline write still wins),
 * a missing one at the database's current LSN, an extra one is deleted at its version.
 */
export async function verifyAggregate(
  deps: { repository: ViewRepository; search: SearchIndex },
  aggregate: AggregateDeclaration,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  await deps.search.ensureIndex(indexDefinition(aggregate.index));
  const indexed = new Map<string, { hash: string; version: number }>();
  for await (const page of deps.search.scan(aggregate.index, { size: 1000 })) {
    for (const stored of page) indexed.set(stored.id, { hash: contentHash(stored.document), version: stored.version });
  }
  const report: VerifyReport = { aggregate: aggregate.name, index: aggregate.index, checked: 0, missing: [], stale: [], extra: [], repaired: 0 };
  const repairs: BulkOperation[] = [];
  const currentVersion = options.repair ? await deps.repository.walPosition() : 0;
  for (let after = 0; ; ) {
    const page = await deps.repository.page(aggregate, after, options.pageSize ?? 500);
    if (!page.length) break;
    for (const { id, document } of page) {
      const normalized = SCHEMAS[aggregate.name].parse({ ...document, version: 0 }) as Record<string, unknown>;
      const known = indexed.get(id);
      indexed.delete(id);
      if (!known) report.missing.push(id);
      else if (known.hash !== contentHash(normalized)) report.stale.push(id);
      else continue;
      const version = known?.version ?? currentVersion;
      repairs.push({ op: 'upsert', id, version, document: { ...normalized, version } });
    }
    report.checked += page.length;
    options.onProgress?.(report.checked);
    after = Number(page[page.length - 1].id);
  }
  for (const [id, { version }] of indexed) {
    report.extra.push(id);
    repairs.push({ op: 'delete', id, version });
  }
  if (options.repair && repairs.length) {
    const results = await deps.search.bulk(aggregate.index, repairs);
    report.repaired = results.filter((result) => result.status === 'applied').length;
  }
  return report;
}

/** The domain server's current WAL position, as the number Debezium uses for LSNs. */
export async function currentWalVersion(domainUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: domainUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    return lsnToNumber(rows[0].lsn);
  } finally {
    await client.end();
  }
}
