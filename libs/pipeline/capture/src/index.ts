export * from './capture.stage';
export type { CaptureLogger, CaptureReporter, CaptureStageOptions } from './capture-options.schema';
export { captureStateTopic } from './snapshot-marker.repository';
export { DEBEZIUM_COMPATIBLE_VERSION } from './change-event.mapper';
export { encodeValue, type ColumnType } from './value-encoding.mapper';
