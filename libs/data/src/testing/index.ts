export * from './free-port';
export * from './test-cluster';
export * from './test-database';
