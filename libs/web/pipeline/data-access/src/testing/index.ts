export * from './pipeline-fixtures';
