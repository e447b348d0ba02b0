export * from './worker';
export type { WorkerSettings } from './worker-stages';
