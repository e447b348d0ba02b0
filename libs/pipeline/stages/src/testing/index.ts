export * from './domain-fixtures';
export * from './debezium-fixtures';
