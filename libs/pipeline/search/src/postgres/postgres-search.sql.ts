import type { FieldValue } from '../query/field-value';
import type { PlannedFieldTerm, QueryPlan } from '../query/search-query.plan';
import { columnsOf, type TableLayout } from './postgres-table.layout';

/** Collects bind parameters: user input only ever reaches SQL as `$n`. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface SqlFilter {
  conditions: string[];
  /** Relevance expression, or null when nothing ranks (filters only). */
  score: string | null;
}

/**
 * WHERE conditions and score for a plan. `exact` uses full text only; `fuzzy` (the fallback when
 * exact finds nothing) lets each plain word match by trigram word similarity on fuzzy fields too.
 * Keyword filters on the columns in `checkedOnRows` are written so that no index can serve them:
 * each row the other conditions found is checked instead (see `crowdedFilterColumns`).
 */
export function filterOf(
  layout: TableLayout,
  plan: QueryPlan,
  params: SqlParameters,
  mode: 'exact' | 'fuzzy',
  checkedOnRows: ReadonlySet<string> = new Set(),
): SqlFilter {
  const conditions = ['not deleted'];
  const queries: string[] = [];
  const scores: string[] = [];
  if (mode === 'exact') queries.push(...wordQueries(plan.words, params));
  else for (const word of plan.words) {
    const query = wordQueries([word], params)[0];
    const text = params.add(word.toLowerCase());
    conditions.push(`(tsv @@ ${query} or ${text}::text <% fuzzy)`);
    scores.push(`word_similarity(${text}::text, fuzzy)`);
  }
  for (const phrase of plan.phrases) queries.push(`phraseto_tsquery('simple', ${params.add(phrase)})`);
  for (const term of plan.fieldTerms) {
    const condition = fieldTermCondition(layout, term, params);
    conditions.push(condition.sql);
    if (condition.query) queries.push(condition.query);
  }
  if (queries.length) {
    const query = queries.join(' && ');
    conditions.push(`tsv @@ (${query})`);
    scores.push(`ts_rank_cd(tsv, ${query})`);
  }
  for (const { field, values } of plan.filters) {
    const column = columnsOf(layout, field).value as string;
    // `|| ''` keeps the value (and null) but is no longer the indexed column.
    conditions.push(`${checkedOnRows.has(column) ? `(${column} || '')` : column} = any(${params.add(values)}::text[])`);
  }
  for (const { field, gte, lte } of plan.ranges) {
    const column = columnsOf(layout, field).value;
    if (gte) conditions.push(`${column} >= ${typed(gte, params)}`);
    if (lte) conditions.push(`${column} <= ${typed(lte, params)}`);
  }
  return { conditions, score: scores.length ? scores.join(' + ') : null };
}

/** All words must match; the last one also as a prefix ("sal" finds "Sally") when it is one token. */
function wordQueries(words: string[], params: SqlParameters): string[] {
  if (words.length === 0) return [];
  const last = words[words.length - 1];
  // Only letters and digits go into to_tsquery's own syntax; anything else stays plain text.
  if (!/^[\p{L}\p{N}]{1,100}$/u.test(last)) return [`plainto_tsquery('simple', ${params.add(words.join(' '))})`];
  const prefix = `to_tsquery('simple', ${params.add(`${last}:*`)})`;
  const rest = words.slice(0, -1);
  return rest.length ? [`plainto_tsquery('simple', ${params.add(rest.join(' '))})`, prefix] : [prefix];
}

function fieldTermCondition(layout: TableLayout, term: PlannedFieldTerm, params: SqlParameters): { sql: string; query?: string } {
  const columns = columnsOf(layout, term.field);
  const { value } = term;
  if (value.kind === 'text') {
    const query = `${term.phrase ? 'phraseto_tsquery' : 'plainto_tsquery'}('simple', ${params.add(value.text)})`;
    // The table's GIN on tsv finds candidates; the field's own vector confirms the field.
    return { sql: `${columns.vector} @@ ${query}`, query };
  }
  if (value.kind === 'date' && value.day) {
    const day = params.add(value.iso);
    return { sql: `(${columns.value} >= ${day}::timestamptz and ${columns.value} < ${day}::timestamptz + interval '24 hours')` };
  }
  return { sql: `${columns.value} = ${typed(value, params)}` };
}

function typed(value: FieldValue, params: SqlParameters): string {
  switch (value.kind) {
    case 'number':
      return `${params.add(String(value.number))}::numeric`;
    case 'date':
      return `${params.add(value.iso)}::timestamptz`;
    case 'boolean':
      return `${params.add(value.value)}::boolean`;
    default:
      return `${params.add(value.text)}::text`;
  }
}

/** ORDER BY: requested sort fields (missing values last, as in Elasticsearch), then score, then id. */
export function orderOf(layout: TableLayout, plan: QueryPlan, score: string | null): string {
  const keys = plan.sort.map(({ field, direction }) => {
    const columns = columnsOf(layout, field);
    return `${columns.value ?? columns.sortText} ${direction} nulls last`;
  });
  if (score && plan.sort.length === 0) keys.push('score desc');
  keys.push('id');
  return keys.join(', ');
}
