export * from './embedded-postgres';
export * from './database';
export * from '@dsm/pg-resilience';
export * from './migrate';
export * from './sequelize';
export * from './models';
export * from './password';
export * from './seed';
export { MIGRATIONS, type Migration } from './migrations';
