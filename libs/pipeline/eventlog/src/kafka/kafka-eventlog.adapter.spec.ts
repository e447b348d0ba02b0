import { describe, vi } from 'vitest';
import { describeEventLogContract } from '../testing';
import { createKafkaEventLog } from './kafka-eventlog.adapter';

// Runs only against a real broker: KAFKA_BROKERS=localhost:9092 npm run test:contracts
const brokers = process.env['KAFKA_BROKERS'];
vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

describe.skipIf(!brokers)('kafka adapter', () => {
  describeEventLogContract(
    'kafka',
    () => createKafkaEventLog({ brokers: (brokers ?? '').split(','), clientId: 'dsm-contract', defaultPartitions: 3, replicationFactor: 1, sessionTimeoutMs: 10_000 }),
    { waitMs: 90_000, commitTimes: false },
  );
});
