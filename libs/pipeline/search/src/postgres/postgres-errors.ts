import { SearchStoreUnavailableError } from '../search-store.errors';

/**
 * SQLSTATE classes a single document can cause: 22 data exception (a NUL byte, a bad date for a
 * generated column), 23 integrity constraint, 54 program limit (a tsvector or index row too
 * long). Anything else — 08 connection, 42P01/3F000 missing table or schema, 25006 read-only,
 * 53 resources, 57 shutdown or statement timeout, 40 serialization, XX internal, or no SQLSTATE
 * at all (socket errors) — is the store's fault, so it is retried rather than dead-lettered.
 */
const DOCUMENT_CLASSES = new Set(['22', '23', '54']);

const sqlStateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** True when PostgreSQL rejected the statement because of the data it was given. */
export function isDocumentError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && DOCUMENT_CLASSES.has(state.slice(0, 2));
}

/** Wraps a store-level failure; a document-level error is returned as it is. */
export function asStoreUnavailable(error: unknown): unknown {
  if (error instanceof SearchStoreUnavailableError || isDocumentError(error)) return error;
  const code = sqlStateOf(error) ?? (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new SearchStoreUnavailableError(`search store unavailable: ${message}`, typeof code === 'string' ? code : 'unknown', { cause: error });
}
