export * from './domain-fixture';
export * from './outbox-fixture';
export * from './wait';
export * from './stage-fixture';
