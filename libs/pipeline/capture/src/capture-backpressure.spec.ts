import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeEventSchema, TransactionEventSchema, lsnToNumber, rawTopic, transactionTopic, type TransactionEvent } from '@dsm/contracts';
import type { EventLog, OutgoingRecord } from '@dsm/eventlog';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { createCaptureHarness, quietLogger, readTopic, waitFor, type CaptureHarness } from './testing';

const ROWS = 6_000;
const FRAGMENT = 200;
const HIGH_WATER = 1_000;

/** The real log with a hook before every produce (to hold it back or make it fail). */
function hookedLog(log: EventLog, beforeProduce: (records: OutgoingRecord[]) => Promise<void>): EventLog {
  return {
    ...log,
    async produce(records) {
      await beforeProduce(records);
      return log.produce(records);
    },
  };
}

const isBulk = (records: OutgoingRecord[]) => records.some((r) => r.value?.includes('"bulk '));

describe('capture of one transaction far larger than a batch', () => {
  let harness: CaptureHarness;
  let stage: CaptureStage | null = null;

  const startStage = async (log: EventLog) => {
    stage = createCaptureStage({
      domainUrl: harness.domain.url, log, prefix: harness.prefix, slotName: harness.slotName, heartbeatIntervalMs: 500,
      maxBatchEvents: FRAGMENT, maxInFlightEvents: HIGH_WATER, reconnect: { initialMs: 50, maxMs: 500 }, logger: quietLogger,
    });
    await stage.start();
    await waitFor(async () => stage?.status().phase === 'streaming', 'streaming');
    return stage;
  };
  const insertLargeTransaction = async () => {
    const [{ xid }] = await harness.sql<{ xid: string }>(
      `with rows as (insert into organizations (name) select 'bulk ' || n from generate_series(1, ${ROWS}) n returning id)
       select pg_current_xact_id()::text as xid from rows limit 1`,
    );
    return { xid };
  };
  const transactionEvents = async (xid: string): Promise<TransactionEvent[]> =>
    (await readTopic(harness.log, transactionTopic('dsm'))).map((r) => TransactionEventSchema.parse(JSON.parse(r.value!))).filter((e) => e.id.startsWith(`${xid}:`));
  const captured = async (xid: string) =>
    (await readTopic(harness.log, rawTopic('dsm', 'organizations')))
      .filter((r) => r.value !== null)
      .map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)))
      .filter((e) => e.transaction?.id.startsWith(`${xid}:`));
  const waitForEnd = (xid: string) =>
    waitFor(async () => (await transactionEvents(xid)).some((e) => e.status === 'END'), 'the END of the large transaction', 120_000);

  beforeEach(async () => {
    harness = await createCaptureHarness('pressure');
  });

  afterEach(async () => {
    await stage?.stop();
    stage = null;
    await harness?.cleanup();
  });

  it('never holds more events in flight than the high-water mark, and produces all of them in order', { timeout: 180_000 }, async () => {
    // The first fragment's produce is held until the capture reports the mark reached: the log is
    // stuck, so only the mark can stop reading; then the log is let go.
    let held = false;
    const capture = await startStage(
      hookedLog(harness.log, async (records) => {
        if (held || !isBulk(records)) return;
        held = true;
        await waitFor(async () => (stage?.status().inFlightEvents ?? 0) >= HIGH_WATER, 'the in-flight events to reach the high-water mark');
      }),
    );
    const { xid } = await insertLargeTransaction();
    await waitForEnd(xid);

    expect(held).toBe(true);
    // Reading stopped at the mark exactly: never past it, and not a fragment before it.
    expect(capture.status().peakInFlightEvents).toBe(HIGH_WATER);
    await waitFor(async () => capture.status().inFlightEvents === 0, 'everything in flight to become durable');

    const events = await captured(xid);
    const orders = events.map((e) => e.transaction?.total_order ?? 0);
    expect([...orders].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    // Per key (and so per partition) the events keep the transaction's order across fragments.
    const byPartition = new Map<number, number[]>();
    for (const record of (await readTopic(harness.log, rawTopic('dsm', 'organizations'))).filter((r) => r.value !== null)) {
      const order = ChangeEventSchema.parse(JSON.parse(record.value!)).transaction?.total_order ?? 0;
      byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), order]);
    }
    for (const partitionOrders of byPartition.values()) expect(partitionOrders).toEqual([...partitionOrders].sort((a, b) => a - b));
    const boundaries = await transactionEvents(xid);
    expect(boundaries.map((e) => e.status)).toEqual(['BEGIN', 'END']);
    expect(boundaries[1]).toMatchObject({ event_count: ROWS, data_collections: [{ data_collection: 'public.organizations', event_count: ROWS }] });
  });

  it('acknowledges nothing past the transaction until its END is durable; a failed fragment makes the slot send it again', { timeout: 180_000 }, async () => {
    let fragments = 0;
    let failed = false;
    let slotBeforeEnd: number | null = null;
    const capture = await startStage(
      hookedLog(harness.log, async (records) => {
        if (!isBulk(records)) return;
        fragments += 1;
        if (fragments !== 4 || failed) return;
        // Three fragments are durable: the slot must still stand before the transaction.
        const [slot] = await harness.sql<{ confirmed: string }>('select confirmed_flush_lsn::text as confirmed from pg_replication_slots where slot_name = $1', [harness.slotName]);
        slotBeforeEnd = lsnToNumber(slot.confirmed);
        failed = true;
        throw new Error('event log unavailable');
      }),
    );
    const large = await insertLargeTransaction();
    await waitForEnd(large.xid);
    const events = await captured(large.xid);
    const lastChangeLsn = Math.max(...events.map((e) => e.source.lsn ?? 0));

    expect(failed).toBe(true);
    expect(slotBeforeEnd).not.toBeNull();
    expect(slotBeforeEnd!).toBeLessThan(lastChangeLsn);
    expect(capture.status().lastError).toBe('event log unavailable');
    // The first attempt's fragments stay in the log; the slot sent the whole transaction again.
    const boundaries = await transactionEvents(large.xid);
    expect(boundaries.map((e) => e.status)).toEqual(['BEGIN', 'BEGIN', 'END']);
    expect(new Set(events.map((e) => e.transaction?.total_order)).size).toBe(ROWS);
    const [slot] = await waitFor(async () => {
      const rows = await harness.sql<{ confirmed: string }>('select confirmed_flush_lsn::text as confirmed from pg_replication_slots where slot_name = $1', [harness.slotName]);
      return lsnToNumber(rows[0].confirmed) > lastChangeLsn && rows;
    }, 'the slot to move past the transaction');
    expect(lsnToNumber(slot.confirmed)).toBeGreaterThan(lastChangeLsn);
  });
});
