export * from './search.port';
export * from './search.logger';
export * from './query/search-query.errors';
export * from './query/query-text.parser';
export * from './query/search-query.plan';
export * from './query/index-definition.schema';
export * from './postgres/postgres-search.adapter';
export * from './elasticsearch/elasticsearch-search.adapter';
