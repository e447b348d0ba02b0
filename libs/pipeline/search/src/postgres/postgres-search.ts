import type pg from 'pg';
import type { SearchResult } from '../search.port';
import type { QueryPlan } from '../query/search-query.plan';
import { tableOf } from './postgres-registry';
import { filterOf, orderOf, SqlParameters, type SqlFilter } from './postgres-search.sql';
import { facetColumns, facetSql, facetsOf, sampleFacets } from './postgres-facets';
import { columnsOf, type TableLayout } from './postgres-table.layout';

/**
 * Totals are exact up to this many matches; above it the planner's row estimate is reported
 * (never below the cap), so a broad search does not count a million rows on every keystroke.
 * Whether a search is over the cap is first the estimate's call: counting a broad match up to the
 * cap reads ten thousand scattered rows (half a second at a million documents) for a total that is
 * reported as an estimate anyway. A short first page overrules an estimate that was far off.
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
  const matches = (checkedOnRows?: ReadonlySet<string>): Matches => {
    const params = new SqlParameters();
    const filter = filterOf(layout, plan, params, mode, checkedOnRows);
    return { table: tableOf(physicalIndex), where: filter.conditions.join(' and '), params, filter };
  };
  // The estimate stays the first plan's: it knows the filters' selectivity from the statistics.
  const { plan: planned, estimate } = await planMatches(client, matches());
  const query = matches(crowdedFilterColumns(planned, facetColumns(layout, plan.filters.map(({ field }) => field))));
  const { params } = query;
  const exact = estimate <= EXACT_TOTAL_CAP ? await onePass(client, query, layout, plan) : null;
  if (exact) return exact;
  // Over the cap: the page in sort/id order, the estimate as total, facets from a sample.
  const hits = plan.size > 0 ? await findHits(client, query, layout, plan) : [];
  const recounted = estimate > EXACT_TOTAL_CAP && hits.length < plan.size ? await onePass(client, query, layout, plan) : null;
  if (recounted) return recounted;
  const total = Math.max(EXACT_TOTAL_CAP + 1, estimate);
  return { hits, total, facets: await sampleFacets(client, { ...query, values: params.values, total }, layout, plan.facets) };
}

interface Matches {
  table: string;
  where: string;
  params: SqlParameters;
  filter: SqlFilter;
}

/**
 * Up to the cap, one pass over the matches answers the count, the ranked page and the facet counts
 * together (three passes read every match three times); only the page's documents are read after.
 * Null when there are more matches than the cap.
 */
async function onePass(client: pg.ClientBase, query: Matches, layout: TableLayout, plan: QueryPlan): Promise<Found | null> {
  const facets = facetColumns(layout, plan.facets);
  const sorts = plan.sort.map(({ field }) => columnsOf(layout, field)).map((columns) => (columns.value ?? columns.sortText) as string);
  const columns = [...new Set(['id', ...sorts, ...facets])];
  const values = [...query.params.values, plan.size, plan.from];
  // Ordered with a limit, the page is a top-N sort; numbering every match first sorted them all.
  const order = orderOf(layout, plan, query.filter.score);
  // Over the cap, neither the page nor the facets are computed: the caller answers differently.
  const { rows } = await client.query<{ total: number; page: { id: string; score: number }[] | null; facets: Record<string, string | number | null>[] | null }>(
    `with m as materialized (
       select ${columns.join(', ')}, ${query.filter.score ?? '0'}::float8 as score from ${query.table} where ${query.where} limit ${EXACT_TOTAL_CAP + 1})
     select total,
       case when total <= ${EXACT_TOTAL_CAP} then (select coalesce(json_agg(json_build_object('id', id, 'score', score) order by ${order}), '[]') from (
          select * from m order by ${order} limit $${values.length - 1} offset $${values.length}) page) end as page,
       case when total <= ${EXACT_TOTAL_CAP} then ${facets.length ? `(select coalesce(json_agg(f), '[]') from (${facetSql(facets, 'm')}) f)` : `'[]'::json`} end as facets
     from (select count(*)::int as total from m) counted`,
    values,
  );
  const { total, page, facets: counts } = rows[0];
  if (total > EXACT_TOTAL_CAP || !page || !counts) return null;
  const documents = await client.query<{ id: string; version: string; document: Record<string, unknown> }>(
    `select id, version, document from ${query.table} where id = any($1::text[])`, [page.map((hit) => hit.id)]);
  const byId = new Map(documents.rows.map((row) => [row.id, row]));
  // Same snapshot: every id of the page is there.
  const hits = page.flatMap(({ id, score }) => {
    const stored = byId.get(id);
    return stored ? [{ id, score, version: Number(stored.version), document: stored.document }] : [];
  });
  return { hits, total, facets: facetsOf(counts, plan.facets) };
}

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** The planner's plan and row estimate for the matches (statistics only, nothing is read). */
async function planMatches(client: pg.ClientBase, query: Matches): Promise<{ plan: PlanNode; estimate: number }> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `explain (format json) select 1 from ${query.table} where ${query.where}`, query.params.values);
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return { plan, estimate: Math.round(plan['Plan Rows']) };
}

/** A filter's bitmap this many times larger than the smallest one beside it costs more than it saves. */
export const CROWDED_BITMAP_RATIO = 10;

/**
 * Filter columns the planner would intersect as a bitmap many times larger than another condition's
 * ("evergreen 123", status = created: 10,000 text matches AND a quarter of the table). Building that
 * bitmap reads the whole b-tree range (65 ms at a million documents); checking the status on the
 * text matches' rows costs a few. PostgreSQL's cost model underrates the former, so the search
 * runs with those filters checked on the rows found, as a search engine filters its candidates.
 */
export function crowdedFilterColumns(plan: PlanNode, filterColumns: string[]): Set<string> {
  const crowded = new Set<string>();
  const visit = (node: PlanNode) => {
    const children = node.Plans ?? [];
    if (node['Node Type'] === 'BitmapAnd') {
      const smallest = Math.min(...children.map((child) => child['Plan Rows']));
      for (const child of children) {
        if (child['Plan Rows'] < CROWDED_BITMAP_RATIO * smallest) continue;
        const column = filterColumns.find((candidate) => child['Index Cond']?.startsWith(`(${candidate} `));
        if (column) crowded.add(column);
      }
    }
    children.forEach(visit);
  };
  visit(plan);
  return crowded;
}

async function findHits(client: pg.ClientBase, query: Matches, layout: TableLayout, plan: QueryPlan) {
  const values = [...query.params.values, plan.size, plan.from];
  const { rows } = await client.query<{ id: string; version: string; document: Record<string, unknown> }>(
    `select id, version, document from ${query.table} where ${query.where}
     order by ${orderOf(layout, plan, null)} limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  return rows.map((row) => ({ id: row.id, score: 0, version: Number(row.version), document: row.document }));
}
