import type pg from 'pg';
import type { FieldDefinition, SearchResult } from '../search.port';
import { columnsOf, type TableLayout } from './postgres-table.layout';

export const FACET_SIZE = 20;
/** Rows a sampled facet count aims to read when the matched set is too large to count exactly. */
export const FACET_SAMPLE_ROWS = 5_000;

type Facets = SearchResult['facets'];
type FacetRow = Record<string, string | number | null>;

export interface SampledFacetQuery {
  table: string;
  where: string;
  values: unknown[];
  /** The search's estimated total: the sample's counts are scaled up to it. */
  total: number;
}

/** Each facet field's typed column (keyword facets are b-tree columns of the physical table). */
export const facetColumns = (layout: TableLayout, fields: FieldDefinition[]): string[] =>
  fields.map((field) => columnsOf(layout, field).value as string);

/**
 * All facets in one grouping-sets query over `source` (rows that carry the facet columns),
 * missing values left out; the caller's exact one-pass search uses it over its matches.
 */
export function facetSql(columns: string[], source: string): string {
  const selected = columns.map((column, index) => `${column}::text as v${index}, grouping(${column}) as g${index}`);
  return `select ${selected.join(', ')}, count(*)::int as n from ${source}
    group by grouping sets (${columns.map((column) => `(${column})`).join(', ')})`;
}

/** The top FACET_SIZE values per field, counts multiplied by `scale` (1 when exact). */
export function facetsOf(rows: FacetRow[], fields: FieldDefinition[], scale = 1): Facets {
  const facets: Facets = Object.fromEntries(fields.map((field) => [field.path, []]));
  fields.forEach((field, index) => {
    facets[field.path] = rows
      .filter((row) => row[`g${index}`] === 0 && row[`v${index}`] !== null)
      .map((row) => ({ value: String(row[`v${index}`]), count: Math.round(Number(row['n']) * scale) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, FACET_SIZE);
  });
  return facets;
}

/**
 * Facets of a matched set too large to count exactly: a block sample of the table, scaled up to
 * the estimated total, so a broad search over a million documents stays fast. Such counts are
 * estimates, like the total.
 */
export async function sampleFacets(client: pg.ClientBase, query: SampledFacetQuery, layout: TableLayout, fields: FieldDefinition[]): Promise<Facets> {
  if (fields.length === 0) return {};
  const sample = await sampleClause(client, query.table);
  const { rows } = await client.query<FacetRow>(facetSql(facetColumns(layout, fields), `${query.table} ${sample} where ${query.where}`), query.values);
  return facetsOf(rows, fields, query.total / Math.max(1, sampledMatches(rows)));
}

/** `tablesample system (p)`: p is computed here from the table's size, never from input. */
async function sampleClause(client: pg.ClientBase, table: string): Promise<string> {
  const { rows } = await client.query<{ rows: number }>('select greatest(reltuples, 1)::float8 as rows from pg_class where oid = $1::regclass', [table]);
  const percent = Math.min(100, Math.max(0.1, (100 * FACET_SAMPLE_ROWS) / (rows[0]?.rows ?? 1)));
  return `tablesample system (${percent.toFixed(3)}) repeatable (7)`;
}

/** Matched rows in the sample: every row is in the first facet's grouping set once. */
function sampledMatches(rows: FacetRow[]): number {
  return rows.filter((row) => row['g0'] === 0).reduce((sum, row) => sum + Number(row['n']), 0);
}
