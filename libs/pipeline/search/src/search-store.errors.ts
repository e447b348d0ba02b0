/**
 * The search store as a whole could not take the call (connection refused or lost, schema or
 * table missing, read-only, timeout, Elasticsearch 429/5xx). Thrown by `bulk`/`bulkInto` instead
 * of per-item errors, because no document is at fault: the caller retries later and must not
 * dead-letter anything. `code` is the SQLSTATE, HTTP status or client error name it came from.
 */
export class SearchStoreUnavailableError extends Error {
  override readonly name = 'SearchStoreUnavailableError';
  readonly retryable = true;

  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
