export * from './problem';
export * from './zod-validators';
export * from './server-errors';
export * from './format';
export * from './change-progress';
