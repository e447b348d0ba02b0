import type { SearchQuery, SearchResult } from '@dsm/search';
import type { SearchFilterName, SearchParams } from './search-params.schema';
import type { SearchTarget } from './search-targets';

const FILTER_NAMES: SearchFilterName[] = ['status', 'city', 'priority', 'type'];

/** A parameter the index has no field for; the router answers 400 with this message. */
export class UnsupportedFilterError extends Error {
  constructor(readonly param: string, index: string) {
    super(`"${param}" is not a filter of ${index}`);
  }
}

/** The validated query string as the search port's query object (pure). */
export function toSearchQuery(target: SearchTarget, params: SearchParams): SearchQuery {
  const filters: Record<string, string[]> = {};
  for (const name of FILTER_NAMES) {
    if (params[name].length === 0) continue;
    const field = target.filters[name];
    if (!field) throw new UnsupportedFilterError(name, target.index);
    filters[field] = params[name];
  }
  const range = {
    ...(params.from ? { gte: params.from } : {}),
    // A bare `to` date includes that whole day.
    ...(params.to ? { lte: params.to.length === 10 ? `${params.to}T23:59:59.999Z` : params.to } : {}),
  };
  return {
    text: params.q,
    filters,
    ranges: Object.keys(range).length > 0 ? { [target.dateField]: range } : undefined,
    sort: params.sort?.split(',').map((item) => (item.startsWith('-') ? { field: item.slice(1), direction: 'desc' } : { field: item, direction: 'asc' })),
    page: params.page,
    size: params.size,
  };
}

/** Facets keyed by the query parameter the client filters with (`city`, not `details.to_city`). */
export function withParamFacets(target: SearchTarget, result: SearchResult): SearchResult {
  const paramOf = new Map(Object.entries(target.filters).map(([param, field]) => [field, param]));
  const facets = Object.fromEntries(Object.entries(result.facets).map(([field, buckets]) => [paramOf.get(field) ?? field, buckets]));
  return { ...result, facets };
}
