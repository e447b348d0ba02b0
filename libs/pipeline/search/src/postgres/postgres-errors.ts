import { SearchStoreUnavailableError } from '../search-store.errors';

/**
 * SQLSTATE classes a single document can cause: 22 data exception (a NUL byte, a bad date for a
 * generated column), 23 integrity constraint, 54 program limit (a tsvector or index row too
 * long). Any other SQLSTATE — 08 connection, 42P01/3F000 missing table or schema, 25006
 * read-only, 53 resources, 57 shutdown or statement timeout, 40 serialization, XX internal — and
 * a Node socket error (ECONNREFUSED, ECONNRESET, ...) is the store's fault, so it is retried
 * rather than dead-lettered. An error with neither code (no such alias, an invalid index name) is
 * the caller's, not an outage: it propagates as it is.
 */
const DOCUMENT_CLASSES = new Set(['22', '23', '54']);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
const sqlStateOf = (error: unknown): string | undefined => {
  const code = codeOf(error);
  return code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};
const socketErrorOf = (error: unknown): string | undefined => {
  const code = codeOf(error);
  return code && /^E[A-Z0-9_]+$/.test(code) ? code : undefined;
};

/** True when PostgreSQL rejected the statement because of the data it was given. */
export function isDocumentError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && DOCUMENT_CLASSES.has(state.slice(0, 2));
}

/** Wraps a store-level failure; a document-level error, or one without a code, is returned as it is. */
export function asStoreUnavailable(error: unknown): unknown {
  if (error instanceof SearchStoreUnavailableError || isDocumentError(error)) return error;
  const code = sqlStateOf(error) ?? socketErrorOf(error);
  if (!code) return error;
  return new SearchStoreUnavailableError(`search store unavailable: ${(error as Error).message}`, code, { cause: error });
}
