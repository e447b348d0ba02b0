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
 * stale (different content) and extra (a document whose root is gone). Both sides are read at the
 * same time and held as one hash per document, so memory stays small; only the documents to
 * repair are read again. Repair writes straight to the index: a stale document is overwritten at
 * its own version (equal wins, any newer pipeline write still wins), a missing one at the
 * database's settled WAL position read before the comparison, an extra one is deleted at its version.
 */
export async function verifyAggregate(
  deps: { repository: ViewRepository; search: SearchIndex },
  aggregate: AggregateDeclaration,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  await deps.search.ensureIndex(indexDefinition(aggregate.index));
  const currentVersion = options.repair ? await deps.repository.settledWalPosition() : 0;
  const [indexed, source] = await Promise.all([indexedHashes(deps.search, aggregate.index), sourceHashes(deps.repository, aggregate, options)]);
  const report: VerifyReport = { aggregate: aggregate.name, index: aggregate.index, checked: source.size, missing: [], stale: [], extra: [], repaired: 0 };
  const versions = new Map<string, number>();
  for (const [id, hash] of source) {
    const known = indexed.get(id);
    indexed.delete(id);
    if (known?.hash === hash) continue;
    (known ? report.stale : report.missing).push(id);
    versions.set(id, known?.version ?? currentVersion);
  }
  report.extra.push(...indexed.keys());
  if (options.repair) {
    const repairs: BulkOperation[] = [...indexed].map(([id, { version }]) => ({ op: 'delete', id, version }));
    repairs.push(...(await reloaded(deps.repository, aggregate, versions)));
    if (repairs.length) {
      const results = await deps.search.bulk(aggregate.index, repairs);
      report.repaired = results.filter((result) => result.status === 'applied').length;
    }
  }
  return report;
}

async function indexedHashes(search: SearchIndex, index: string): Promise<Map<string, { hash: string; version: number }>> {
  const indexed = new Map<string, { hash: string; version: number }>();
  for await (const page of search.scan(index, { size: 1000 })) {
    for (const stored of page) indexed.set(stored.id, { hash: contentHash(stored.document), version: stored.version });
  }
  return indexed;
}

/** A view document as the index stage writes it: parsed by its aggregate's schema, at `version`. */
export const normalizeDocument = (aggregate: AggregateDeclaration, document: Record<string, unknown> | null, version: number) =>
  SCHEMAS[aggregate.name].parse({ ...document, version }) as Record<string, unknown>;

/**
 * One hash per aggregate, in id order, as the index stage would have written it: for a document
 * its schema accepts, parsing changes nothing, so the hash is taken without it (a third of the
 * work per document). One the schema rejects is never indexed and shows as missing or stale;
 * repairing it fails on the parse, as the index stage's dead-lettering does.
 */
async function sourceHashes(repository: ViewRepository, aggregate: AggregateDeclaration, options: VerifyOptions): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const size = options.pageSize ?? 500;
  const read = (after: number) => {
    const page = repository.page(aggregate, after, size);
    page.catch(() => undefined); // awaited below; this only keeps an abandoned read from going unhandled
    return page;
  };
  // The next page is read while this one is hashed: PostgreSQL builds documents as Node hashes.
  for (let next = read(0); ; ) {
    const page = await next;
    if (!page.length) return hashes;
    next = read(Number(page[page.length - 1].id));
    for (const { id, document } of page) hashes.set(id, contentHash(document ?? {}));
    options.onProgress?.(hashes.size);
  }
}

/** The documents to repair, read again (a root deleted since is left to the pipeline's delete). */
async function reloaded(repository: ViewRepository, aggregate: AggregateDeclaration, versions: Map<string, number>): Promise<BulkOperation[]> {
  const operations: BulkOperation[] = [];
  const ids = [...versions.keys()];
  for (let start = 0; start < ids.length; start += 500) {
    for (const { id, document } of await repository.load(aggregate, ids.slice(start, start + 500))) {
      const version = versions.get(id) as number;
      if (document) operations.push({ op: 'upsert', id, version, document: normalizeDocument(aggregate, document, version) });
    }
  }
  return operations;
}

/**
 * The domain server's current WAL position, as the number Debezium uses for LSNs: through the pool
 * when the caller keeps one (a server answering it often), else on a connection of its own.
 */
export async function currentWalVersion(domain: string | pg.Pool): Promise<number> {
  const sql = 'select pg_current_wal_lsn()::text as lsn';
  if (typeof domain !== 'string') return lsnToNumber((await domain.query<{ lsn: string }>(sql)).rows[0].lsn);
  const client = new pg.Client({ connectionString: domain });
  await client.connect();
  try {
    return lsnToNumber((await client.query<{ lsn: string }>(sql)).rows[0].lsn);
  } finally {
    await client.end();
  }
}
