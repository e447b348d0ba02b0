import { DeadLetterSchema, dlqTopic } from '@dsm/contracts';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterId, discardDeadLetter, readDeadLetters, replayDeadLetter, sendToDeadLetters } from './dead-letter.service';
import { createPostgresEventLog, type PostgresEventLog } from './postgres/postgres-eventlog.adapter';

describe('dead letters', () => {
  let db: TestDatabase;
  let log: PostgresEventLog;
  beforeAll(async () => {
    db = await createTestDatabase('dlq');
    log = createPostgresEventLog({ url: db.url, defaultPartitions: 2, maintenanceIntervalMs: 0 });
  });
  afterAll(async () => {
    await log.close();
    await db.drop();
  });

  async function poisonedRecords(topic: string) {
    await log.produce([
      { topic, key: '{"id":1}', value: 'not json', headers: { trace: 't1' } },
      { topic, key: '{"id":2}', value: '{"bad":true}' },
    ]);
    return log.read(topic);
  }

  it('writes the error and the original record to <prefix>.dlq.<stage>', async () => {
    const [first] = await poisonedRecords('dl1.public.deliveries');

    await sendToDeadLetters(log, 'dl1', 'etl', [{ record: first, error: new Error('Unexpected token'), attempts: 3 }]);

    const [stored] = await log.read(dlqTopic('dl1', 'etl'));
    expect(stored.key).toBe(deadLetterId(first));
    expect(DeadLetterSchema.parse(JSON.parse(stored.value!))).toMatchObject({
      stage: 'etl', error: 'Unexpected token', attempts: 3,
      original: { topic: 'dl1.public.deliveries', offset: first.offset, key: '{"id":1}', value: 'not json', headers: { trace: 't1' } },
    });
  });

  it('replays a dead letter to its original topic once and then lists it as handled', async () => {
    const records = await poisonedRecords('dl2.public.orders');
    await sendToDeadLetters(log, 'dl2', 'view', records.map((record) => ({ record, error: 'boom' })));
    const [entry] = await readDeadLetters(log, 'dl2', 'view');

    const produced = await replayDeadLetter(log, 'dl2', 'view', entry.id);

    const replayed = (await log.read('dl2.public.orders')).find((r) => r.offset === produced.offset && r.partition === produced.partition);
    expect(replayed).toMatchObject({ key: entry.deadLetter.original.key, value: entry.deadLetter.original.value });
    expect(replayed!.headers['dsm-replayed-from']).toBe(entry.id);
    expect((await readDeadLetters(log, 'dl2', 'view')).map((e) => e.id)).not.toContain(entry.id);
    const all = await readDeadLetters(log, 'dl2', 'view', { includeHandled: true });
    expect(all.find((e) => e.id === entry.id)?.handled?.action).toBe('replayed');
  });

  it('discards a dead letter without replaying it, and refuses an unknown id', async () => {
    const records = await poisonedRecords('dl3.public.orders');
    await sendToDeadLetters(log, 'dl3', 'index', records.map((record) => ({ record, error: 'boom' })));

    await discardDeadLetter(log, 'dl3', 'index', deadLetterId(records[0]));

    expect((await readDeadLetters(log, 'dl3', 'index')).map((e) => e.id)).toEqual([deadLetterId(records[1])]);
    await expect(replayDeadLetter(log, 'dl3', 'index', 'nope:0:0')).rejects.toThrow(/No dead letter/);
  });
});
