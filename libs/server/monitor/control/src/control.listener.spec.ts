import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ControlStatusSchema, controlStatusTopic, controlTopic, dlqTopic, type ControlRequest, type ControlStatus, type PipelineCommand } from '@dsm/contracts';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, readDeadLetters, sendToDeadLetters, type PostgresEventLog, type Subscription } from '@dsm/eventlog';
import { listenForPipelineControls } from './control.listener';
import { createCountingStage, type CountingStage } from './testing/counting-stage';

const PREFIX = 'ct';
const INPUT = 'ct.clean.things';
let db: TestDatabase;
let eventLog: PostgresEventLog;
let stage: CountingStage;
let listener: Subscription;
const reindexed: (string | undefined)[] = [];

async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function statuses(): Promise<ControlStatus[]> {
  return (await eventLog.read(controlStatusTopic(PREFIX))).map((record) => ControlStatusSchema.parse(JSON.parse(record.value!)));
}

async function send(command: PipelineCommand, at = Date.now()): Promise<string> {
  const request: ControlRequest = { id: randomUUID(), at, actor: { id: 1, email: 'op@example.test', role: 'operator' }, command };
  await eventLog.produce([{ topic: controlTopic(PREFIX), key: 'test', value: JSON.stringify(request) }]);
  return request.id;
}

async function finalState(id: string): Promise<ControlStatus> {
  let last: ControlStatus | undefined;
  await waitFor(async () => {
    last = (await statuses()).filter((status) => status.id === id).at(-1);
    return last?.state === 'done' || last?.state === 'failed';
  });
  return last!;
}

async function produceThings(values: string[]): Promise<void> {
  await eventLog.produce(values.map((value) => ({ topic: INPUT, key: value, value })));
}

beforeAll(async () => {
  db = await createTestDatabase('control');
  eventLog = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 0, pollIntervalMs: 200 });
  await eventLog.ensureTopics([{ name: INPUT }]);
  stage = createCountingStage(eventLog, 'etl', 'ct-etl', INPUT);
  await stage.start();
  listener = await listenForPipelineControls({
    eventLog, prefix: PREFIX, workerId: 'worker-a', stages: [stage], stageGroups: { etl: 'ct-etl' },
    reindex: async (index, progress, note) => {
      note('waiting for 1 transaction(s)');
      progress(10, 10);
      reindexed.push(index);
      return 'swapped';
    },
  });
  // The listener starts at the channel's end once it owns the partition: wait for a probe to be answered.
  const probes: string[] = [];
  await waitFor(async () => {
    probes.push(await send({ type: 'resume-stage', stage: 'etl' }));
    const answered = new Set((await statuses()).map((status) => status.id));
    return probes.some((id) => answered.has(id));
  });
});

afterAll(async () => {
  await listener?.stop();
  await stage?.stop();
  await eventLog?.close();
  await db?.drop();
});

describe('listenForPipelineControls', () => {
  it('pauses and resumes its stage: nothing is consumed while paused', async () => {
    await produceThings(['a1']);
    await waitFor(() => stage.seen.includes('a1'));

    expect(await finalState(await send({ type: 'pause-stage', stage: 'etl' }))).toMatchObject({ state: 'done', worker: 'worker-a', message: 'etl paused' });
    await produceThings(['a2']);
    const lagWhilePaused = await eventLog.describeLag('ct-etl');
    expect(stage.seen).not.toContain('a2');
    expect(lagWhilePaused.reduce((sum, partition) => sum + partition.lag, 0)).toBe(1);

    expect(await finalState(await send({ type: 'resume-stage', stage: 'etl' }))).toMatchObject({ state: 'done' });
    await waitFor(() => stage.seen.includes('a2'));
  });

  it('resets its stage group to earliest, so the stage reads the topic again', async () => {
    await waitFor(() => stage.seen.includes('a2'));
    const before = stage.seen.length;

    expect(await finalState(await send({ type: 'reset-group', stage: 'etl', to: 'earliest' }))).toMatchObject({ state: 'done' });

    await waitFor(() => stage.seen.filter((value) => value === 'a1').length === 2);
    expect(stage.seen.length).toBeGreaterThan(before);
  });

  it('replays a dead letter onto its original topic and marks it handled', async () => {
    await sendToDeadLetters(eventLog, PREFIX, 'etl', [{ record: { topic: INPUT, partition: 0, offset: '99', key: 'poison', value: 'fixed-now', headers: {}, timestamp: Date.now() }, error: new Error('bad') }]);
    const [entry] = await readDeadLetters(eventLog, PREFIX, 'etl');

    expect(await finalState(await send({ type: 'replay-dead-letter', stage: 'etl', id: entry.id }))).toMatchObject({ state: 'done' });

    await waitFor(() => stage.seen.includes('fixed-now'));
    expect(await readDeadLetters(eventLog, PREFIX, 'etl')).toEqual([]);
    expect((await eventLog.read(dlqTopic(PREFIX, 'etl'))).length).toBe(1);
  });

  it('answers a failed command with its error, goes on, and reports what a reindex waits for and its progress before done', async () => {
    // Discarding an unknown id only writes a marker; replaying one fails.
    expect(await finalState(await send({ type: 'discard-dead-letter', stage: 'etl', id: 'ct.clean.things:0:12345' }))).toMatchObject({ state: 'done' });
    const replay = await finalState(await send({ type: 'replay-dead-letter', stage: 'etl', id: 'ct.clean.things:0:777' }));
    expect(replay).toMatchObject({ state: 'failed', message: expect.stringContaining('No dead letter') });

    const reindexId = await send({ type: 'reindex', index: 'deliveries' });
    expect(await finalState(reindexId)).toMatchObject({ state: 'done', message: 'swapped' });
    const answers = (await statuses()).filter((status) => status.id === reindexId);
    expect(answers.map((status) => [status.state, status.message])).toEqual([
      ['running', null], ['progress', 'waiting for 1 transaction(s)'], ['progress', null], ['done', 'swapped'],
    ]);
    expect(reindexed).toEqual(['deliveries']);
  });

  it('refuses a command that expired while the worker was away, and ignores stages it does not run', async () => {
    const expired = await finalState(await send({ type: 'pause-stage', stage: 'etl' }, Date.now() - 60 * 60_000));
    expect(expired).toMatchObject({ state: 'failed', message: expect.stringContaining('expired') });
    expect(stage.status().state).not.toBe('paused');

    const otherId = await send({ type: 'pause-stage', stage: 'index' });
    const marker = await send({ type: 'resume-stage', stage: 'etl' });
    await finalState(marker);
    expect((await statuses()).filter((status) => status.id === otherId)).toEqual([]);
  });
});
