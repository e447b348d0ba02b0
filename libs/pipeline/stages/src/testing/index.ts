export * from './domain-fixtures';
