export * from './capture-harness';
