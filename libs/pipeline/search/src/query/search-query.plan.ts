import { z } from 'zod';
import type { FieldDefinition, FieldType, IndexDefinition, SearchQuery } from '../search.port';
import { parseQueryText } from './query-text.parser';
import { SearchQueryError } from './search-query.errors';
import { SearchQuerySchema } from './search-query.schema';
import { parseFieldValue, parseBound, type FieldValue } from './field-value';

export interface PlannedFieldTerm {
  field: FieldDefinition;
  value: FieldValue;
  phrase: boolean;
}

/** A SearchQuery checked against the index's declared fields: what both adapters execute. */
export interface QueryPlan {
  words: string[];
  phrases: string[];
  fieldTerms: PlannedFieldTerm[];
  filters: { field: FieldDefinition; values: string[] }[];
  ranges: { field: FieldDefinition; gte?: FieldValue; lte?: FieldValue }[];
  sort: { field: FieldDefinition; direction: 'asc' | 'desc' }[];
  from: number;
  size: number;
  facets: FieldDefinition[];
}

/** Validates the query against the definition; throws SearchQueryError (a 400) for bad input. */
export function planSearchQuery(definition: IndexDefinition, query: SearchQuery): QueryPlan {
  const parsed = SearchQuerySchema.safeParse(query);
  if (!parsed.success) throw new SearchQueryError('invalid_value', z.prettifyError(parsed.error));
  const valid = parsed.data;
  const text = parseQueryText(valid.text ?? '');
  const field = (name: string, allowed: FieldType[], purpose: string) => requireField(definition, name, allowed, purpose);
  return {
    words: text.words,
    phrases: text.phrases,
    fieldTerms: text.fieldTerms.flatMap((term) => {
      const declared = field(term.field, ['text', 'keyword', 'integer', 'float', 'date', 'boolean'], 'search');
      const value = parseFieldValue(declared, term.value);
      return value === null ? [] : [{ field: declared, value, phrase: term.phrase }];
    }),
    filters: Object.entries(valid.filters ?? {})
      .filter(([, values]) => values.length > 0)
      .map(([name, values]) => ({ field: field(name, ['keyword'], 'filter on'), values })),
    ranges: Object.entries(valid.ranges ?? {}).map(([name, range]) => {
      const declared = field(name, ['date', 'integer', 'float'], 'filter a range of');
      return { field: declared, gte: parseBound(declared, range.gte), lte: parseBound(declared, range.lte) };
    }),
    sort: (valid.sort ?? []).map(({ field: name, direction }) => ({ field: sortableField(definition, name), direction })),
    from: (valid.page - 1) * valid.size,
    size: valid.size,
    facets: valid.facets
      ? valid.facets.map((name) => field(name, ['keyword'], 'count facets of'))
      : definition.fields.filter((declared) => declared.facet),
  };
}

function requireField(definition: IndexDefinition, name: string, allowed: FieldType[], purpose: string): FieldDefinition {
  const declared = definition.fields.find((candidate) => candidate.path === name);
  if (!declared) {
    const known = definition.fields.filter((candidate) => allowed.includes(candidate.type)).map((candidate) => candidate.path);
    throw new SearchQueryError('unknown_field', `Unknown field "${name}". You can ${purpose}: ${known.join(', ') || 'no fields'}.`, name);
  }
  if (!allowed.includes(declared.type)) {
    throw new SearchQueryError('invalid_value', `Cannot ${purpose} "${name}" (a ${declared.type} field).`, name);
  }
  return declared;
}

function sortableField(definition: IndexDefinition, name: string): FieldDefinition {
  const declared = definition.fields.find((candidate) => candidate.path === name);
  if (!declared?.sortable) {
    const known = definition.fields.filter((candidate) => candidate.sortable).map((candidate) => candidate.path);
    throw new SearchQueryError('unknown_field', `Cannot sort by "${name}". Sortable fields: ${known.join(', ') || 'none'}.`, name);
  }
  return declared;
}
