export * from './domain-fixtures';
export * from './debezium-fixtures';
export * from './pipeline-harness';
export * from './workload';
