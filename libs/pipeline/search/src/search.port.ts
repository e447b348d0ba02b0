/**
 * The search-index port. Implemented on PostgreSQL (embedded, schema `search`: jsonb documents,
 * weighted tsvector, pg_trgm) and on Elasticsearch; both pass the same contract suite
 * (`@dsm/search/testing`). Indices are logical names ("deliveries") served through an alias over
 * a versioned physical index, so a reindex can build a new one and swap with no downtime.
 */
export interface SearchIndex {
  /** Creates the alias and its first physical index when missing; idempotent. */
  ensureIndex(definition: IndexDefinition): Promise<void>;

  /**
   * Applies upserts and deletes. Each operation carries an external version (the source LSN): an
   * operation whose version is lower than the stored one is ignored (reported as `stale`), equal or
   * higher wins. Deletes remember their version so that an older upsert cannot resurrect the
   * document. Every item gets its own result; one bad document fails alone. On the embedded
   * adapter one call is one transaction: a reader never sees part of it.
   *
   * An item `error` means the store rejected THAT document (mapping, validation): it will fail
   * again, so it may be dead-lettered. When the store itself cannot take the call (connection,
   * missing schema or table, read-only, timeout, Elasticsearch 429/5xx) the call throws
   * `SearchStoreUnavailableError` (search-store.errors.ts) instead: retry later, blame no document.
   */
  bulk(index: string, operations: BulkOperation[]): Promise<BulkItemResult[]>;

  get(index: string, id: string): Promise<StoredDocument | null>;
  count(index: string): Promise<number>;
  search(index: string, query: SearchQuery): Promise<SearchResult>;

  /** Iterates every live document (verify, export), in id order, `size` at a time. */
  scan(index: string, options?: { size?: number }): AsyncIterable<StoredDocument[]>;

  /**
   * Reindex support: create a new physical index, fill it, then point the alias at it. A new
   * physical index is in bulk-load mode until `swapAlias`: the store may put off what only readers
   * need (PostgreSQL builds the search indexes, Elasticsearch turns refreshes back on and refreshes),
   * so nothing should read it before the swap.
   */
  createPhysicalIndex(definition: IndexDefinition): Promise<string>;
  bulkInto(physicalIndex: string, operations: BulkOperation[]): Promise<BulkItemResult[]>;
  swapAlias(index: string, physicalIndex: string): Promise<{ previous: string | null }>;
  /** The physical index the alias points at, or null when the index does not exist. */
  resolveAlias(index: string): Promise<string | null>;
  dropPhysicalIndex(physicalIndex: string): Promise<void>;

  close(): Promise<void>;
}

export type FieldType = 'text' | 'keyword' | 'integer' | 'float' | 'date' | 'boolean';

export interface FieldDefinition {
  /** Dotted path in the document, e.g. `customer.first_name`. */
  path: string;
  type: FieldType;
  /**
   * Full-text weight, A (highest) … D. Text fields always feed free text (D when unset); a
   * keyword field with a weight feeds it too, so a city can be a facet AND found by typing it.
   */
  weight?: 'A' | 'B' | 'C' | 'D';
  /** Fuzzy and prefix matching on this field (names, addresses). */
  fuzzy?: boolean;
  /** Offer counts of this keyword field as a facet. */
  facet?: boolean;
  sortable?: boolean;
}

export interface IndexDefinition {
  name: string;
  fields: FieldDefinition[];
}

export type BulkOperation =
  | { op: 'upsert'; id: string; version: number; document: Record<string, unknown> }
  | { op: 'delete'; id: string; version: number };

export interface BulkItemResult {
  id: string;
  status: 'applied' | 'stale' | 'error';
  error?: string;
}

export interface StoredDocument {
  id: string;
  version: number;
  document: Record<string, unknown>;
}

export interface SearchQuery {
  /** Free text; supports `field:value`, `"quoted phrases"`, and plain words (all must match). */
  text?: string;
  /** Exact keyword filters; several values for one field mean any of them. */
  filters?: Record<string, string[]>;
  /** Inclusive ranges on date or number fields (ISO dates or numbers). */
  ranges?: Record<string, { gte?: string | number; lte?: string | number }>;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  page?: number;
  size?: number;
  /** Keyword fields to count (defaults to the index's facet fields). */
  facets?: string[];
}

export interface SearchResult {
  hits: { id: string; score: number; version: number; document: Record<string, unknown> }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
  tookMs: number;
}
