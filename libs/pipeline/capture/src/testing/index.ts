export * from './capture-harness';
export * from './capture-process';
