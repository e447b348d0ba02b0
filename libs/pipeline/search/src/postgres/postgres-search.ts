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
/**
 * A planner estimate above this is taken as the total without counting: counting the cap's worth
 * of a broad match reads ten thousand scattered rows (half a second at a million documents) for a
 * number reported as an estimate anyway. Between the cap and this, the capped count decides.
 */
export const TRUSTED_ESTIMATE = 2 * EXACT_TOTAL_CAP;
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
  const { total, hits } = await totalAndHits(client, from, params, layout, plan, filter);
  if (total === 0) return { hits: [], total, facets: Object.fromEntries(plan.facets.map((field) => [field.path, []])) };
  const facetQuery = { table: tableOf(physicalIndex), where, values: params.values, total, exact: total <= EXACT_TOTAL_CAP };
  return { hits, total, facets: await countFacets(client, facetQuery, layout, plan.facets) };
}

async function totalAndHits(client: pg.ClientBase, from: string, params: SqlParameters, layout: TableLayout, plan: QueryPlan, filter: SqlFilter) {
  const estimate = await estimateMatches(client, from, params.values);
  const page = async (total: number) =>
    // Ranking reads every match's tsvector: above the cap, hits come in sort/id order instead.
    plan.size > 0 && total > 0 ? findHits(client, from, params, layout, plan, total <= EXACT_TOTAL_CAP ? filter : { ...filter, score: null }) : [];
  if (estimate > TRUSTED_ESTIMATE) {
    const hits = await page(estimate);
    if (hits.length === plan.size) return { total: estimate, hits };
    // A short page shows the estimate was far off: count after all.
  }
  const total = await countMatches(client, from, params.values, estimate);
  return { total, hits: await page(total) };
}

/** Exact up to the cap; above it the estimate (never below cap + 1). */
async function countMatches(client: pg.ClientBase, from: string, values: unknown[], estimate: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from (select 1 ${from} limit ${EXACT_TOTAL_CAP + 1}) capped`,
    values,
  );
  return rows[0].n <= EXACT_TOTAL_CAP ? rows[0].n : Math.max(EXACT_TOTAL_CAP + 1, estimate);
}

/** The planner's row estimate for the matches (statistics only, nothing is read). */
async function estimateMatches(client: pg.ClientBase, from: string, values: unknown[]): Promise<number> {
  const plan = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`explain (format json) select 1 ${from}`, values);
  return Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
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
