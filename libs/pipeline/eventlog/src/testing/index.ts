export * from './eventlog.contract';
export * from './contract-helpers';
