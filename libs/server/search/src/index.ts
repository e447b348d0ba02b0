export { createSearchApiRouter, type SearchApiOptions } from './search-api.router';
export { SEARCH_ROUTES, type SearchRouteDoc } from './search-api.routes';
export { SearchParamsSchema, type SearchParams } from './search/search-params.schema';
export { SEARCH_TARGETS, type SearchTarget } from './search/search-targets';
export type { FindUser } from './http/role.guard';
