import type { BulkItemResult, BulkOperation, IndexDefinition } from '../search.port';
import { invalidOperation } from '../query/bulk-operation.schema';
import { SearchStoreUnavailableError } from '../search-store.errors';
import { isStoreStatus } from './elasticsearch-errors';

/** The part of one `_bulk` response item we read (`index` or `delete`). */
export interface BulkResponseItem {
  status: number;
  error?: { type?: string; reason?: string | null } | null;
}

/** Checks operations first (same rules as the embedded adapter); returns the bulk body and where each went. */
export function bulkRequestOf(physicalIndex: string, definition: IndexDefinition, operations: BulkOperation[]) {
  const results: (BulkItemResult | null)[] = operations.map((operation, index) => {
    const error = invalidOperation(definition, operation);
    return error ? { id: String(operation?.id ?? index), status: 'error', error } : null;
  });
  const body: Record<string, unknown>[] = [];
  for (const [index, operation] of operations.entries()) {
    if (results[index]) continue;
    // external_gte: an equal version is applied again (a replay), a lower one is a conflict.
    const target = { _index: physicalIndex, _id: operation.id, version: operation.version, version_type: 'external_gte' };
    if (operation.op === 'upsert') body.push({ index: target }, { id: operation.id, document: operation.document });
    else body.push({ delete: target });
  }
  return { body, results };
}

/**
 * Maps the response items (in request order) back onto every operation. An item refused for the
 * cluster's sake (429, 5xx) fails the whole call with SearchStoreUnavailableError: the caller
 * resends everything, which external versions make harmless, and dead-letters nothing.
 */
export function bulkResultsOf(operations: BulkOperation[], checked: (BulkItemResult | null)[], items: BulkResponseItem[]): BulkItemResult[] {
  const refused = items.find((item) => isStoreStatus(item.status));
  if (refused) {
    const reason = `${refused.error?.type ?? refused.status}: ${refused.error?.reason ?? ''}`;
    throw new SearchStoreUnavailableError(`search store unavailable: ${reason}`, String(refused.status));
  }
  let next = 0;
  return operations.map((operation, index) => {
    const early = checked[index];
    if (early) return early;
    const item = items[next++];
    if (!item) return { id: operation.id, status: 'error', error: 'Elasticsearch returned no result for this operation.' };
    if (item.status === 409) return { id: operation.id, status: 'stale' };
    // Deleting a document that is not there still records the version (a delete tombstone).
    if (operation.op === 'delete' && item.status === 404) return { id: operation.id, status: 'applied' };
    if (item.status >= 300) return { id: operation.id, status: 'error', error: `${item.error?.type ?? item.status}: ${item.error?.reason ?? ''}` };
    return { id: operation.id, status: 'applied' };
  });
}
