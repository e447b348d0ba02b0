export * from './eventlog.port';
