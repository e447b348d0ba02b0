import type { FieldDefinition, IndexDefinition } from '../search.port';
import type { FieldValue } from '../query/field-value';
import type { PlannedFieldTerm, QueryPlan } from '../query/search-query.plan';
import { freeTextFields, fuzzyFields } from '../query/index-definition.schema';
import { boostedPath, fieldPath, sortPath } from './elasticsearch-mapping';

type Clause = Record<string, unknown>;

export const FACET_SIZE = 20;
export const TRACK_TOTAL_HITS = 10_001;

/**
 * The search body for a plan, built from typed clauses (never query_string, so user text is only
 * ever a value). `fuzzy` is the fallback when exact finds nothing: each word may then also match
 * fuzzy fields within Elasticsearch's AUTO edit distance.
 */
export function searchBodyOf(definition: IndexDefinition, plan: QueryPlan, mode: 'exact' | 'fuzzy'): Clause {
  const texts = freeTextFields(definition).map(boostedPath);
  const fuzzy = fuzzyFields(definition).map(fieldPath);
  const must: Clause[] = plan.words.map((word, index) => {
    const exact = { multi_match: { query: word, fields: texts, operator: 'and', type: index === plan.words.length - 1 ? 'bool_prefix' : 'best_fields' } };
    if (mode === 'exact') return exact;
    return { bool: { should: [exact, { multi_match: { query: word, fields: fuzzy, operator: 'and', fuzziness: 'AUTO' } }], minimum_should_match: 1 } };
  });
  must.push(...plan.phrases.map((phrase) => ({ multi_match: { query: phrase, fields: texts, type: 'phrase' } })));
  must.push(...plan.fieldTerms.map(fieldTermClause));
  const filter: Clause[] = [
    ...plan.filters.map(({ field, values }) => ({ terms: { [fieldPath(field)]: values } })),
    ...plan.ranges.map(({ field, gte, lte }) => ({ range: { [fieldPath(field)]: { gte: gte && valueOf(gte), lte: lte && valueOf(lte) } } })),
  ];
  return {
    query: { bool: { must, filter } },
    sort: sortOf(plan, must.length > 0),
    from: plan.from,
    size: plan.size,
    version: true,
    track_total_hits: TRACK_TOTAL_HITS,
    aggs: Object.fromEntries(
      plan.facets.map((field, index) => [`f${index}`, { terms: { field: fieldPath(field), size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } }]),
    ),
  };
}

function fieldTermClause({ field, value, phrase }: PlannedFieldTerm): Clause {
  if (value.kind === 'text') {
    return phrase ? { match_phrase: { [fieldPath(field)]: value.text } } : { match: { [fieldPath(field)]: { query: value.text, operator: 'and' } } };
  }
  if (value.kind === 'date' && value.day) return { range: { [fieldPath(field)]: { gte: value.iso, lt: `${value.iso}||+1d` } } };
  return { term: { [fieldPath(field)]: valueOf(value) } };
}

function valueOf(value: FieldValue): string | number | boolean {
  switch (value.kind) {
    case 'number':
      return value.number;
    case 'date':
      return value.iso;
    case 'boolean':
      return value.value;
    default:
      return value.text;
  }
}

function sortOf(plan: QueryPlan, scored: boolean): Clause[] {
  const sort: Clause[] = plan.sort.map(({ field, direction }: { field: FieldDefinition; direction: string }) => ({
    [sortPath(field)]: { order: direction, missing: '_last' },
  }));
  if (scored && plan.sort.length === 0) sort.push({ _score: { order: 'desc' } });
  sort.push({ id: { order: 'asc' } });
  return sort;
}
