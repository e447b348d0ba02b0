import type pg from 'pg';
import type { FieldDefinition, SearchResult } from '../search.port';
import { columnsOf, type TableLayout } from './postgres-table.layout';

export const FACET_SIZE = 20;
/** Rows a sampled facet count aims to read when the matched set is too large to count exactly. */
export const FACET_SAMPLE_ROWS = 5_000;

export interface FacetQuery {
  table: string;
  where: string;
  values: unknown[];
  /** The search's total (exact, or the estimate above the cap). */
  total: number;
  /** The matched set is small enough (≤ the exact-total cap) to count exactly. */
  exact: boolean;
}

/**
 * All facets in one scan (grouping sets) over the matched set, missing values left out. Above the
 * exact-total cap the counts come from a block sample of the table scaled up to the total, so a
 * broad search over a million documents stays fast; such counts are estimates, like the total.
 */
export async function countFacets(client: pg.ClientBase, query: FacetQuery, layout: TableLayout, fields: FieldDefinition[]) {
  const facets: SearchResult['facets'] = Object.fromEntries(fields.map((field) => [field.path, []]));
  if (fields.length === 0) return facets;
  const columns = fields.map((field) => columnsOf(layout, field).value as string);
  const selected = columns.map((column, index) => `${column}::text as v${index}, grouping(${column}) as g${index}`);
  const sample = query.exact ? '' : await sampleClause(client, query.table);
  const { rows } = await client.query<Record<string, string | number | null>>(
    `select ${selected.join(', ')}, count(*)::int as n from ${query.table} ${sample} where ${query.where}
     group by grouping sets (${columns.map((column) => `(${column})`).join(', ')})`,
    query.values,
  );
  const scale = sample ? query.total / Math.max(1, sampledMatches(rows)) : 1;
  fields.forEach((field, index) => {
    facets[field.path] = rows
      .filter((row) => row[`g${index}`] === 0 && row[`v${index}`] !== null)
      .map((row) => ({ value: String(row[`v${index}`]), count: Math.round(Number(row['n']) * scale) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, FACET_SIZE);
  });
  return facets;
}

/** `tablesample system (p)`: p is computed here from the table's size, never from input. */
async function sampleClause(client: pg.ClientBase, table: string): Promise<string> {
  const { rows } = await client.query<{ rows: number }>('select greatest(reltuples, 1)::float8 as rows from pg_class where oid = $1::regclass', [table]);
  const percent = Math.min(100, Math.max(0.1, (100 * FACET_SAMPLE_ROWS) / (rows[0]?.rows ?? 1)));
  return `tablesample system (${percent.toFixed(3)}) repeatable (7)`;
}

/** Matched rows in the sample: every row is in the first facet's grouping set once. */
function sampledMatches(rows: Record<string, string | number | null>[]): number {
  return rows.filter((row) => row['g0'] === 0).reduce((sum, row) => sum + Number(row['n']), 0);
}
