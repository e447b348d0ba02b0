import type pg from 'pg';
import type { SearchResult } from '../search.port';
import type { QueryPlan } from '../query/search-query.plan';
import { tableOf } from './postgres-registry';
import { filterOf, orderOf, SqlParameters, type SqlFilter } from './postgres-search.sql';
import { countFacets } from './postgres-facets';
import type { TableLayout } from './postgres-table.layout';

/**
 * Totals are exact up to this many matches; above it the planner's row estimate is reported
 * (never below the cap), so a broad search does not count a million rows on every keystroke.
 */
export const EXACT_TOTAL_CAP = 10_000;
/** Trigram word similarity a fuzzy word needs (pg_trgm's default 0.6 misses one-letter typos in short words). */
export const FUZZY_THRESHOLD = 0.5;

type Found = Omit<SearchResult, 'tookMs'>;

/** Runs a planned search on one snapshot; falls back to fuzzy words when exact finds nothing. */
export async function searchTable(client: pg.ClientBase, physicalIndex: string, layout: TableLayout, plan: QueryPlan): Promise<Found> {
  const exact = await searchWith(client, physicalIndex, layout, plan, 'exact');
  if (exact.total > 0 || plan.words.length === 0 || !layout.hasFuzzy) return exact;
  // `<%` reads its threshold from this setting; set locally so the GIN trigram index still applies.
  await client.query(`select set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(FUZZY_THRESHOLD)]);
  return searchWith(client, physicalIndex, layout, plan, 'fuzzy');
}

async function searchWith(
  client: pg.ClientBase,
  physicalIndex: string,
  layout: TableLayout,
  plan: QueryPlan,
  mode: 'exact' | 'fuzzy',
): Promise<Found> {
  const params = new SqlParameters();
  const filter = filterOf(layout, plan, params, mode);
  const where = filter.conditions.join(' and ');
  const from = `from ${tableOf(physicalIndex)} where ${where}`;
  const total = await countMatches(client, from, params.values);
  if (total === 0) return { hits: [], total, facets: Object.fromEntries(plan.facets.map((field) => [field.path, []])) };
  // Ranking reads every match's tsvector: above the cap, hits come in sort/id order instead.
  const ranked = total <= EXACT_TOTAL_CAP ? filter : { ...filter, score: null };
  const hits = plan.size > 0 ? await findHits(client, from, params, layout, plan, ranked) : [];
  const facetQuery = { table: tableOf(physicalIndex), where, values: params.values, total, exact: total <= EXACT_TOTAL_CAP };
  return { hits, total, facets: await countFacets(client, facetQuery, layout, plan.facets) };
}

async function countMatches(client: pg.ClientBase, from: string, values: unknown[]): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from (select 1 ${from} limit ${EXACT_TOTAL_CAP + 1}) capped`,
    values,
  );
  if (rows[0].n <= EXACT_TOTAL_CAP) return rows[0].n;
  const plan = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`explain (format json) select 1 ${from}`, values);
  return Math.max(EXACT_TOTAL_CAP + 1, Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']));
}

async function findHits(client: pg.ClientBase, from: string, params: SqlParameters, layout: TableLayout, plan: QueryPlan, filter: SqlFilter) {
  const values = [...params.values, plan.size, plan.from];
  const { rows } = await client.query<{ id: string; version: string; document: Record<string, unknown>; score: number }>(
    `select id, version, document, ${filter.score ?? '0'}::float8 as score ${from}
     order by ${orderOf(layout, plan, filter.score)} limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  return rows.map((row) => ({ id: row.id, score: row.score, version: Number(row.version), document: row.document }));
}
