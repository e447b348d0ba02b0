export * from './resilient-pool';
