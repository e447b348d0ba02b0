import { AGGREGATES, FullDeliverySchema, FullOrderSchema } from '@dsm/contracts';
import type { BulkOperation, SearchIndex } from '@dsm/search';
import { indexDefinition } from '../index/index-definitions';
import type { ViewRepository } from '../view/view.repository';
import { currentWalVersion, verifyAggregate } from './verify.service';

export interface ReindexResult {
  index: string;
  physicalIndex: string;
  previous: string | null;
  documents: number;
  /** Documents the live pipeline changed during the build, copied over after the swap. */
  caughtUp: number;
}

export interface ReindexOptions {
  pageSize?: number;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
}

const SCHEMAS = { full_delivery: FullDeliverySchema, full_order: FullOrderSchema } as const;

/**
 * Zero-downtime rebuild: a new physical index is filled from PostgreSQL (keyset pages, the view
 * stage's SQL), the alias is swapped, and a verify-and-repair pass then copies whatever the live
 * pipeline wrote to the old index meanwhile. Each page is versioned with the WAL position read
 * before it, so a later pipeline write always wins. "delivery-events" has no aggregate in
 * PostgreSQL (the outbox may be pruned): it is copied from the current index instead.
 */
export async function reindex(
  deps: { repository: ViewRepository; search: SearchIndex; domainUrl: string },
  index: string,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const definition = indexDefinition(index);
  await deps.search.ensureIndex(definition);
  const physicalIndex = await deps.search.createPhysicalIndex(definition);
  const aggregate = AGGREGATES.find((candidate) => candidate.index === index);
  let documents = 0;
  const write = async (operations: BulkOperation[]) => {
    const results = await deps.search.bulkInto(physicalIndex, operations);
    const failed = results.find((result) => result.status === 'error');
    if (failed) throw new Error(`Document ${failed.id} was rejected: ${failed.error ?? 'unknown error'}`);
    documents += operations.length;
    options.onProgress?.(documents);
  };
  if (aggregate) {
    options.onStart?.(await deps.repository.count(aggregate));
    for (let after = 0; ; ) {
      const version = await currentWalVersion(deps.domainUrl);
      const page = await deps.repository.page(aggregate, after, options.pageSize ?? 500);
      if (!page.length) break;
      await write(page.map(({ id, document }) => ({ op: 'upsert', id, version, document: SCHEMAS[aggregate.name].parse({ ...document, version }) })));
      after = Number(page[page.length - 1].id);
    }
  } else {
    options.onStart?.(await deps.search.count(index));
    for await (const page of deps.search.scan(index, { size: options.pageSize ?? 500 })) {
      await write(page.map(({ id, version, document }) => ({ op: 'upsert', id, version, document })));
    }
  }
  const { previous } = await deps.search.swapAlias(index, physicalIndex);
  const caughtUp = aggregate ? (await verifyAggregate(deps, aggregate, { repair: true })).repaired : 0;
  if (previous && previous !== physicalIndex) await deps.search.dropPhysicalIndex(previous);
  return { index, physicalIndex, previous, documents, caughtUp };
}
