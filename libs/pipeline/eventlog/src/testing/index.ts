export * from './eventlog.contract';
export * from './contract-helpers';
export * from './silent-logger';
