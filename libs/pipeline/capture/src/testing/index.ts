export * from './capture-harness';
export * from './capture-process';
export * from './organization-writes';
