export * from './free-port';
export * from './restartable-cluster';
export * from './steady-writer';
export * from './test-cluster';
export * from './temporary-server';
export * from './test-database';
