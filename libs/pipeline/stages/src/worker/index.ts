export * from './worker';
export * from './worker-stages';
