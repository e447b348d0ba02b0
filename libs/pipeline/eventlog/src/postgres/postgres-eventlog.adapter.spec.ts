import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll } from 'vitest';
import { describeEventLogContract } from '../testing';
import { createPostgresEventLog } from './postgres-eventlog.adapter';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('eventlog');
});
afterAll(async () => {
  await db.drop();
});

const DAY = 24 * 60 * 60 * 1000;

describeEventLogContract(
  'postgres',
  () => createPostgresEventLog({ url: db.url, defaultPartitions: 3, sessionTimeoutMs: 3_000, maintenanceIntervalMs: 0, tombstoneGraceMs: DAY }),
  { compact: async (log, { afterGrace }) => void (await log.runMaintenance(afterGrace ? Date.now() + 2 * DAY : Date.now())) },
);
