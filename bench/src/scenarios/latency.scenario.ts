import { STAGES, stageEventsOf, stageEventsTopic, type Stage } from '@dsm/contracts';
import { errorMessage, type EventLog } from '@dsm/eventlog';
import { markLogEnd, type LogMark } from '@dsm/stages';
import type { BenchContext } from '../bench.context';
import { percentiles, round, type Percentiles } from '../report/histogram';
import { runLoad } from '../workload/load.runner';
import { createDelivery } from '../workload/transactions';
import { waitForDrain, waitForQuiescence } from './pipeline.probe';

export interface LatencyFigures extends Percentiles {
  offeredRowsPerSecond: number;
  committedRowsPerSecond: number;
  /** Probes not searchable within the timeout (counted at the timeout in the percentiles). */
  timedOut: number;
  /** The first search read that failed (a failed read counts as a miss and is retried), or null. */
  firstReadError: string | null;
  /** Reference: a plain `select 1` round trip to the same server, same moment (ms). */
  referenceRoundTrip: Percentiles;
  /**
   * The same probes as each stage saw them: source commit → that stage's output durable, from the
   * stage events the worker reported (its clock and PostgreSQL's commit time). Where the time goes.
   */
  stages: Partial<Record<Stage, Percentiles>>;
}

const PROBES = 20;
const PROBE_INTERVAL_MS = 50;
const POLL_MS = 5;
const TIMEOUT_MS = 60_000;
const STAGE_EVENTS_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deliveries only the probe writes (the load never picks them), so a marker is never overwritten. */
async function createProbeDeliveries(context: BenchContext): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const client = await context.pool.connect();
    try {
      await client.query('begin');
      await createDelivery(client, context.state);
      await client.query('commit');
    } finally {
      client.release();
    }
    const id = context.state.deliveries.pop();
    if (id === undefined) throw new Error('the probe delivery was not recorded');
    context.state.attempts.delete(id);
    ids.push(id);
  }
  return ids;
}

interface Pending {
  id: number;
  marker: string;
  traceId: string;
  committed: number;
  done(ms: number): void;
}

/**
 * One poller for every probe in flight: each tick reads each pending probe's document once. A
 * poll loop per probe multiplied the reads as probes piled up, and that load itself then slowed
 * the pipeline it was timing.
 */
function createPoller(context: BenchContext) {
  const pending = new Set<Pending>();
  let running = true;
  let firstReadError: string | null = null;
  const loop = (async () => {
    while (running) {
      await Promise.all([...pending].map(async (probe) => {
        const stored = await context.search.get('deliveries', String(probe.id)).catch((error: unknown) => {
          firstReadError ??= errorMessage(error);
          return null;
        });
        const elapsed = performance.now() - probe.committed;
        if (stored?.document['notes'] === probe.marker) probe.done(elapsed);
        else if (elapsed > TIMEOUT_MS) probe.done(Number.POSITIVE_INFINITY);
        else return;
        pending.delete(probe);
      }));
      await sleep(POLL_MS);
    }
  })();
  return {
    /** Commits a marker on the probe's delivery; resolves with the ms until a read returns it. */
    async probe(id: number, serial: number): Promise<{ ms: number; traceId: string }> {
      const marker = `latency-probe-${serial}`;
      // The transaction id is the trace id of the stage events the change causes (as the API returns it).
      const { rows: [{ tx: traceId }] } = await context.pool.query<{ tx: string }>(
        'update deliveries set notes = $2 where id = $1 returning pg_current_xact_id()::xid::text as tx', [id, marker]);
      const committed = performance.now();
      return new Promise<number>((done) => pending.add({ id, marker, traceId, committed, done })).then((ms) => ({ ms, traceId }));
    },
    /** Stops polling; resolves with the first read that failed, or null. */
    async stop(): Promise<string | null> {
      running = false;
      await loop;
      return firstReadError;
    },
  };
}

/**
 * Commit→searchable latency of delivery documents while the write mix runs at a fixed rate:
 * every 50 ms a probe commits a marker on one of its own deliveries and times until the index
 * returns it (client-side commit acknowledgement → document readable, 5 ms between rounds of reads).
 */
export async function measureLatency(context: BenchContext, options: { rate: number; durationMs: number; connections: number }): Promise<LatencyFigures> {
  const probeIds = await createProbeDeliveries(context);
  await waitForDrain(context.pool, context.search, context.state);
  await waitForQuiescence(context.log);
  const latencies: number[] = [];
  const traceIds = new Set<string>();
  const roundTrips: number[] = [];
  const stageEvents = stageEventsTopic(context.prefix);
  const stageEventsFrom = await markLogEnd(context.log, [stageEvents]);
  const probes: Promise<void>[] = [];
  const poller = createPoller(context);
  const load = runLoad(context.pool, context.state, { rate: options.rate, durationMs: options.durationMs, connections: options.connections });
  const end = performance.now() + options.durationMs;
  for (let serial = 0; performance.now() < end; serial++) {
    const id = probeIds[serial % probeIds.length];
    // A probe delivery is reused only once its previous probe finished, so markers never race.
    if (serial >= probeIds.length) await probes[serial - probeIds.length];
    probes.push(poller.probe(id, serial).then(({ ms, traceId }) => {
      latencies.push(ms);
      traceIds.add(traceId);
    }));
    const started = performance.now();
    await context.pool.query('select 1');
    roundTrips.push(performance.now() - started);
    await sleep(PROBE_INTERVAL_MS);
  }
  const [result] = await Promise.all([load, Promise.all(probes)]);
  const firstReadError = await poller.stop();
  const timedOut = latencies.filter((ms) => !Number.isFinite(ms)).length;
  return {
    ...percentiles(latencies.map((ms) => (Number.isFinite(ms) ? ms : TIMEOUT_MS))),
    offeredRowsPerSecond: options.rate,
    committedRowsPerSecond: round(result.rowChanges / (result.elapsedMs / 1000), 0),
    timedOut,
    firstReadError,
    referenceRoundTrip: percentiles(roundTrips),
    stages: await stageLatencies(context.log, stageEvents, stageEventsFrom, traceIds),
  };
}

/**
 * Per stage, the probes' commit → durable latencies, read back from the stage events once the load
 * is over (reading them during it would add to the load). A stage that reported several events for
 * one probe (one per entity) is timed by its last. Stage events are sent every 50 ms: the read goes
 * on until the index stage has reported every probe, or for a few seconds at most.
 */
async function stageLatencies(log: EventLog, topic: string, from: LogMark, traceIds: ReadonlySet<string>): Promise<LatencyFigures['stages']> {
  const latest = new Map<Stage, Map<string, number>>(STAGES.map((stage) => [stage, new Map()]));
  const partitions = (await log.listTopics()).find((info) => info.name === topic)?.partitions ?? 0;
  const next = [...Array(partitions).keys()].map((partition) => from.get(topic)?.get(partition) ?? 0n);
  const deadline = performance.now() + STAGE_EVENTS_WAIT_MS;
  for (;;) {
    for (let partition = 0; partition < partitions; partition++) {
      for (;;) {
        const records = await log.read(topic, { partition, fromOffset: next[partition].toString(), limit: 2000 });
        if (records.length === 0) break;
        for (const record of records) {
          for (const event of stageEventsOf(record.value === null ? null : JSON.parse(record.value)).events) {
            if (event.latencyMs === null || !traceIds.has(event.traceId)) continue;
            const byTrace = latest.get(event.stage);
            byTrace?.set(event.traceId, Math.max(byTrace.get(event.traceId) ?? 0, event.latencyMs));
          }
        }
        next[partition] = BigInt(records[records.length - 1].offset) + 1n;
      }
    }
    if ((latest.get('index')?.size ?? 0) >= traceIds.size || performance.now() > deadline) break;
    await sleep(50);
  }
  return Object.fromEntries([...latest].filter(([, byTrace]) => byTrace.size > 0).map(([stage, byTrace]) => [stage, percentiles([...byTrace.values()])]));
}
