export * from './search-index.contract';
export * from './contract-fixtures';
