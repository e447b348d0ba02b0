import { createTestPool } from '@dsm/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeEventSchema, TransactionEventSchema, rawTopic, transactionTopic } from '@dsm/contracts';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { readSnapshotMarker } from './snapshot-marker.repository';
import { createCaptureHarness, quietLogger, readTopic, waitFor, type CaptureHarness } from './testing';

describe('initial snapshot with writes running while it reads', () => {
  let harness: CaptureHarness;
  let stage: CaptureStage;

  beforeAll(async () => {
    harness = await createCaptureHarness('snapshot');
    await harness.sql(`insert into organizations (name) select 'existing ' || n from generate_series(1, 3000) n`);
  });

  afterAll(async () => {
    await stage?.stop();
    await harness?.cleanup();
  });

  it('misses no row: every row ends up in the log with its latest committed state', async () => {
    const pool = createTestPool(harness.domain.url, 2);
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        await pool.query(`insert into organizations (name) values ($1)`, [`during ${writes}`]);
        await pool.query(`update organizations set name = name || '+' where id = $1`, [1 + ((writes * 37) % 3000)]);
        writes += 1;
      }
    })();
    stage = createCaptureStage({
      domainUrl: harness.domain.url, log: harness.log, prefix: harness.prefix, slotName: harness.slotName,
      snapshotBatchSize: 100, heartbeatIntervalMs: 500, logger: quietLogger,
    });
    await stage.start();
    await waitFor(() => readSnapshotMarker(harness.log, harness.prefix, harness.slotName), 'snapshot marker', 60_000);
    writing = false;
    await writer;
    const { rows } = await pool.query<{ xid: string }>(`with i as (insert into organizations (name) values ('final') returning id) select pg_current_xact_id()::text as xid from i`);
    await pool.end();
    await waitFor(
      async () => (await readTopic(harness.log, transactionTopic('dsm'))).some((r) => TransactionEventSchema.parse(JSON.parse(r.value!)).id.startsWith(`${rows[0].xid}:`)),
      'the final transaction',
    );

    const events = (await readTopic(harness.log, rawTopic('dsm', 'organizations'))).map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)));
    const latest = new Map<number, unknown>();
    for (const event of events) latest.set(Number(event.after?.['id']), event.after?.['name']);
    const table = await harness.sql<{ id: string; name: string }>('select id, name from organizations');
    expect(writes).toBeGreaterThan(0);
    expect(table.length).toBeGreaterThan(3000);
    expect(table.filter((row) => latest.get(Number(row.id)) !== row.name)).toEqual([]);
    const snapshotFlags = events.filter((event) => event.op === 'r').map((event) => event.source.snapshot);
    expect(snapshotFlags[0]).toBe('first');
    expect(snapshotFlags.filter((flag) => flag === 'last')).toHaveLength(1);
  });
});
