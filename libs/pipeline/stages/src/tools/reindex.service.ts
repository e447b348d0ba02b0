import { AGGREGATES, type AggregateDeclaration } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';
import type { BulkOperation, SearchIndex } from '@dsm/search';
import { indexDefinition } from '../index/index-definitions';
import type { ViewRepository } from '../view/view.repository';
import { markLogEnd, replayInto, topicsFeeding } from './log-catch-up';
import { normalizeDocument } from './verify.service';

export interface ReindexResult {
  index: string;
  physicalIndex: string;
  previous: string | null;
  documents: number;
  /** Changes the live pipeline indexed during the build, replayed from the log after the swap. */
  caughtUp: number;
  /** Records of that replay the index stage dead-letters (unreadable documents, documents the index rejects). */
  skippedInCatchUp: number;
  /** Documents removed after a long build because their rows were deleted meanwhile (see `sweepAfterMs`). */
  removed: number;
}

export interface ReindexOptions {
  pageSize?: number;
  /** Pages written at the same time (the search store indexes them in parallel); default 2. */
  writers?: number;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
  /** Transactions writing when the reindex began are still open after a second (it waits for them). */
  onWaitingForWriters?: (writers: number) => void;
  /**
   * A build that ran longer than this ends with a sweep for documents whose rows are gone. Default
   * one hour: well inside the time a log keeps tombstones (24 hours on the embedded log and Kafka's
   * default `delete.retention.ms`).
   */
  sweepAfterMs?: number;
}

/** What `onWaitingForWriters` reports, in words an operator can act on (CLI and dashboard). */
export const waitingForWritersMessage = (writers: number): string =>
  `waiting for ${writers} transaction(s) that were writing to the database when the reindex began; ` +
  'it goes on once they end (find them in pg_stat_activity; a transaction left open holds it here)';

/** The sweep's count as the CLI and the dashboard append it to their summaries ('' when none). */
export const removedDuringBuildNote = (removed: number): string =>
  removed ? `, ${removed} removed (their rows were deleted during the build)` : '';

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_WRITERS = 2;
const SWEEP_AFTER_MS = 60 * 60 * 1000;
const SWEEP_PAGE_SIZE = 1000;

type Deps = { repository: ViewRepository; search: SearchIndex; log: EventLog; prefix: string };

/**
 * Zero-downtime rebuild: a new physical index is filled from PostgreSQL (keyset pages, the view
 * stage's SQL), the alias is swapped, and what the live pipeline indexed into the old one meanwhile
 * is replayed from the log: every record its topics received since the build began. Pages carry
 * one version, a WAL position settled before the first page is read: every change a page may lack
 * is newer, so the replay or the live pipeline overwrites the page's document with it.
 * "delivery-events" has no aggregate in PostgreSQL (the outbox may be pruned): it is copied from
 * the current index instead, with the documents' own versions. The next page is read while up to
 * `writers` pages are being indexed.
 *
 * A row deleted after its page was written is removed by the replay, through its tombstone; but a
 * compacted topic drops tombstones after a grace period, and a build that outlasts it can find the
 * tombstone gone. So a long build (`sweepAfterMs`) ends by deleting the documents whose rows no
 * longer exist.
 */
export async function reindex(deps: Deps, index: string, options: ReindexOptions = {}): Promise<ReindexResult> {
  const definition = indexDefinition(index);
  await deps.search.ensureIndex(definition);
  const aggregate = AGGREGATES.find((candidate) => candidate.index === index);
  // First the log's end, then the position: a change newer than the position is indexed after the mark.
  const topics = await topicsFeeding(deps.log, deps.prefix, index);
  const start = await markLogEnd(deps.log, topics);
  const startedAt = Date.now();
  const version = aggregate ? await deps.repository.settledWalPosition(options.onWaitingForWriters) : 0;
  const physicalIndex = await deps.search.createPhysicalIndex(definition);
  let documents = 0;
  const write = async (operations: BulkOperation[]) => {
    const results = await deps.search.bulkInto(physicalIndex, operations);
    const failed = results.find((result) => result.status === 'error');
    if (failed) throw new Error(`Document ${failed.id} was rejected: ${failed.error ?? 'unknown error'}`);
    documents += operations.length;
    options.onProgress?.(documents);
  };
  options.onStart?.(aggregate ? await deps.repository.count(aggregate) : await deps.search.count(index));
  const pages = aggregate ? aggregatePages(deps.repository, aggregate, version, options.pageSize) : indexPages(deps.search, index, options.pageSize);
  // A failed build leaves nothing behind: the alias still serves the old index.
  await writeConcurrently(pages, write, options.writers ?? DEFAULT_WRITERS).catch(async (error: unknown) => {
    const leftover = await deps.search.dropPhysicalIndex(physicalIndex).then(() => null, (dropError: unknown) => dropError);
    if (!leftover) throw error;
    throw new AggregateError([error, leftover], `Reindex of "${index}" failed and its unfinished physical index "${physicalIndex}" could not be dropped; drop it once the store is back.`);
  });
  const { previous } = await deps.search.swapAlias(index, physicalIndex);
  // After the swap the live pipeline writes here; what it wrote before is in the log up to now.
  const replayed = await replayInto(deps, index, start, await markLogEnd(deps.log, await topicsFeeding(deps.log, deps.prefix, index)));
  if (previous && previous !== physicalIndex) await deps.search.dropPhysicalIndex(previous);
  const long = Date.now() - startedAt > (options.sweepAfterMs ?? SWEEP_AFTER_MS);
  const removed = aggregate && long ? await removeVanished(deps, aggregate) : 0;
  return { index, physicalIndex, previous, documents, caughtUp: replayed.applied, skippedInCatchUp: replayed.skipped, removed };
}

/**
 * Deletes each document whose root row is gone, at the document's own version (a row is never
 * inserted again under its id, so nothing newer can come for it).
 */
async function removeVanished(deps: Deps, aggregate: AggregateDeclaration): Promise<number> {
  let removed = 0;
  for await (const page of deps.search.scan(aggregate.index, { size: SWEEP_PAGE_SIZE })) {
    const existing = await deps.repository.existing(aggregate, page.map((stored) => stored.id));
    const gone: BulkOperation[] = page.filter((stored) => !existing.has(stored.id)).map(({ id, version }) => ({ op: 'delete', id, version }));
    if (gone.length === 0) continue;
    const results = await deps.search.bulk(aggregate.index, gone);
    removed += results.filter((result) => result.status === 'applied').length;
  }
  return removed;
}

async function* aggregatePages(repository: ViewRepository, aggregate: AggregateDeclaration, version: number, pageSize = DEFAULT_PAGE_SIZE): AsyncIterable<BulkOperation[]> {
  for (let after = 0; ; ) {
    const page = await repository.page(aggregate, after, pageSize);
    if (!page.length) return;
    yield page.map(({ id, document }) => ({ op: 'upsert', id, version, document: normalizeDocument(aggregate, document, version) }));
    after = Number(page[page.length - 1].id);
  }
}

async function* indexPages(search: SearchIndex, index: string, pageSize = DEFAULT_PAGE_SIZE): AsyncIterable<BulkOperation[]> {
  for await (const page of search.scan(index, { size: pageSize })) {
    yield page.map(({ id, version, document }) => ({ op: 'upsert', id, version, document }));
  }
}

/** Hands each page to `write` with at most `limit` writes in flight; the first failure ends it. */
async function writeConcurrently(pages: AsyncIterable<BulkOperation[]>, write: (page: BulkOperation[]) => Promise<void>, limit: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    for await (const page of pages) {
      const task: Promise<void> = write(page)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
      if (failure) break;
    }
  } finally {
    // Even when reading fails, the writes under way settle before the caller reports or cleans up.
    await Promise.all(inFlight);
  }
  if (failure) throw failure.error;
}
