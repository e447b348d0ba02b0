import { errors } from '@elastic/elasticsearch';
import { SearchStoreUnavailableError } from '../search-store.errors';

/**
 * HTTP statuses that say "the cluster, not this document": 408/504 timeouts, 429 rejected
 * execution (queue full), 5xx (no shard available, node shutting down). A per-item 400
 * (mapping, parsing) is the document's own fault and stays an item error. A 404 is not one of
 * them: per item it is a delete of an absent document (applied), and only for a whole request
 * (the index went away under us) does `asStoreUnavailable` count it as an outage.
 */
export function isStoreStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Transport failures and healing HTTP statuses become SearchStoreUnavailableError; others stay. */
export function asStoreUnavailable(error: unknown): unknown {
  if (error instanceof SearchStoreUnavailableError) return error;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    if (!isStoreStatus(status) && status !== 404) return error;
    return new SearchStoreUnavailableError(`search store unavailable: ${error.message}`, String(status), { cause: error });
  }
  const transport = [errors.ConnectionError, errors.TimeoutError, errors.NoLivingConnectionsError, errors.RequestAbortedError];
  if (transport.some((kind) => error instanceof kind)) {
    const { name, message } = error as Error;
    return new SearchStoreUnavailableError(`search store unavailable: ${message}`, name, { cause: error });
  }
  return error;
}
