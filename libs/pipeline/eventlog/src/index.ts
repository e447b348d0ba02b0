export * from './eventlog.port';
export * from './stage.port';
export * from './partitioner';
export * from './logger';
export * from './postgres/postgres-eventlog.adapter';
export type { MaintenanceReport } from './postgres/pg-maintenance';
export * from './stage-reporter';
export * from './dead-letter.service';
export * from './kafka/kafka-eventlog.adapter';
