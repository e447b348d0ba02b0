import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ChangeEventSchema, rawTopic, type ChangeEvent } from '@dsm/contracts';
import { createResilientPool } from '@dsm/data';
import { startSteadyWriter } from '@dsm/data/testing';
import {
  buildCaptureRunner, createCaptureHarness, quietLogger, readTopic, spawnCaptureProcess, waitFor, writeOrganizations, type CaptureHarness, type CaptureProcess,
} from './testing';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('capture process killed with SIGKILL at random moments under write load', () => {
  let harness: CaptureHarness;
  let capture: CaptureProcess | null = null;
  let runner: string;
  let writerPool: pg.Pool;
  let stopWriter: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    harness = await createCaptureHarness('crash');
    runner = await buildCaptureRunner();
    writerPool = createResilientPool({ connectionString: harness.domain.url, max: 2 }, { name: 'test writer', logger: quietLogger });
    await harness.sql(`insert into organizations (name) select 'seed ' || n from generate_series(1, 400) n`);
  });

  afterAll(async () => {
    await stopWriter?.();
    await writerPool?.end();
    capture?.child.kill('SIGKILL');
    await capture?.exited;
    await harness?.cleanup();
  });

  // Child processes are started and killed several times: allow for a loaded machine.
  it('has every committed change in the log after restarts, duplicates only as redelivery of the same LSN', { timeout: 240_000 }, async () => {
    const env = { domainUrl: harness.domain.url, logUrl: harness.logDatabase.url, slotName: harness.slotName };
    const writer = startSteadyWriter(writerPool, writeOrganizations);
    stopWriter = writer.stop;
    for (let kill = 0; kill < 4; kill += 1) {
      capture = await spawnCaptureProcess(runner, env);
      await pause(150 + Math.floor(Math.random() * 1_200));
      capture.child.kill('SIGKILL');
      await capture.exited;
    }
    await writer.stop();
    stopWriter = null;
    const [last] = await harness.sql<{ id: string }>(`insert into organizations (name) values ('last') returning id`);
    capture = await spawnCaptureProcess(runner, env);
    // The last row arrives streamed, or read by a fresh snapshot when every kill hit the previous
    // one (a loaded machine snapshots slowly): either way everything committed before it is in.
    await waitFor(
      async () => (await readTopic(harness.log, rawTopic('dsm', 'organizations'))).some((r) => r.value !== null && Number(ChangeEventSchema.parse(JSON.parse(r.value)).after?.['id']) === Number(last.id)),
      'the last row',
      // A killed client's walsender may hold the slot until the server notices the dead socket.
      150_000,
    );
    capture.child.kill('SIGTERM');
    await capture.exited;
    capture = null;

    const records = await readTopic(harness.log, rawTopic('dsm', 'organizations'));
    const events = records.filter((r) => r.value !== null).map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)));
    const captured = new Set(events.filter((e) => e.op === 'c' || e.op === 'r').map((e) => Number(e.after?.['id'])));
    const committed = writer.committed.flat();
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.filter((id) => !captured.has(id))).toEqual([]);

    const byPosition = new Map<string, ChangeEvent[]>();
    for (const event of events) {
      const position = `${event.source.lsn}:${String(event.after?.['id'] ?? event.before?.['id'])}`;
      byPosition.set(position, [...(byPosition.get(position) ?? []), event]);
    }
    for (const copies of byPosition.values()) {
      const distinct = new Set(copies.map((e) => JSON.stringify([e.op, e.before, e.after, e.source.txId])));
      expect(distinct.size).toBe(1);
    }

    const latest = new Map<number, unknown>();
    for (const event of events) latest.set(Number((event.after ?? event.before)?.['id']), event.after?.['name']);
    const rows = await harness.sql<{ id: string; name: string }>('select id, name from organizations');
    expect(rows.filter((row) => latest.get(Number(row.id)) !== row.name)).toEqual([]);
  });
});
