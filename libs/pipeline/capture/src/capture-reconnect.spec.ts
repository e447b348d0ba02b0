import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeEventSchema, rawTopic } from '@dsm/contracts';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { createCaptureHarness, quietLogger, readTopic, waitFor, type CaptureHarness } from './testing';

describe('capture when PostgreSQL drops the replication connection', () => {
  let harness: CaptureHarness;
  let stage: CaptureStage;

  const capturedNames = async () =>
    new Set((await readTopic(harness.log, rawTopic('dsm', 'organizations'))).map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)).after?.['name']));
  /** What a server restart does to the walsender: FATAL 57P01 and a closed socket. */
  const terminateWalsender = async () => {
    const [row] = await harness.sql<{ terminated: boolean | null }>(
      'select pg_terminate_backend(active_pid) as terminated from pg_replication_slots where slot_name = $1 and active',
      [harness.slotName],
    );
    return row?.terminated === true;
  };

  beforeAll(async () => {
    harness = await createCaptureHarness('reconnect');
    stage = createCaptureStage({
      domainUrl: harness.domain.url, log: harness.log, prefix: harness.prefix, slotName: harness.slotName,
      heartbeatIntervalMs: 500, reconnect: { initialMs: 50, maxMs: 500 }, logger: quietLogger,
    });
    await stage.start();
    await waitFor(async () => stage.status().phase === 'streaming', 'streaming');
  });

  afterAll(async () => {
    await stage?.stop();
    await harness?.cleanup();
  });

  it('reconnects by itself, resumes from the slot and loses no commit', async () => {
    const names: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (let n = 0; n < 20; n += 1) {
        const name = `round ${round} #${n}`;
        await harness.sql('insert into organizations (name) values ($1)', [name]);
        names.push(name);
      }
      await waitFor(terminateWalsender, 'an active walsender to terminate');
    }
    await harness.sql(`insert into organizations (name) values ('after')`);
    names.push('after');

    const captured = await waitFor(async () => {
      const seen = await capturedNames();
      return names.every((name) => seen.has(name)) && seen;
    }, 'every committed row');
    expect(names.filter((name) => !captured.has(name))).toEqual([]);
    expect(stage.status().lastError).toBeDefined();
    await waitFor(async () => stage.status().phase === 'streaming', 'streaming again');
  });
});
