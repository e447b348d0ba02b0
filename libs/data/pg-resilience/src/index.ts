export * from './resilient-pool';
export * from './prepared';
