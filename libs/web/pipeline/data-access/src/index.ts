export * from './pipeline-state';
export * from './pipeline-alerts';
export * from './dead-letter-entry.schema';
export * from './pipeline-api';
export * from './pipeline-live';
