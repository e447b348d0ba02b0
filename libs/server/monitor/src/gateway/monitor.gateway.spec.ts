import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditEntrySchema,
  ControlRequestSchema,
  PipelineDeltaSchema,
  PipelineSnapshotSchema,
  TraceSchema,
  auditTopic,
  controlTopic,
  type ControlAck,
  type ControlStatus,
  type FollowAck,
  type PipelineDelta,
  type StageEvent,
  type Trace,
} from '@dsm/contracts';
import { createCountingStage } from '@dsm/monitor-control/testing';
import { listenForPipelineControls } from '@dsm/monitor-control';
import { startMonitorHarness, type MonitorHarness, type PipelineClient } from '../testing/monitor-harness';
import { waitFor } from '../testing/wait-for';

let harness: MonitorHarness;

beforeAll(async () => {
  harness = await startMonitorHarness({ pushIntervalMs: 100 });
});

afterAll(async () => {
  await harness?.close();
});

function connected(client: PipelineClient): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
}

function emitControl(client: PipelineClient, command: unknown): Promise<ControlAck> {
  return new Promise((resolve) => client.emit('control', command, resolve));
}

function follow(client: PipelineClient, traceId: string): Promise<FollowAck> {
  return new Promise((resolve) => client.emit('follow', { traceId }, resolve));
}

const hop = (traceId: string, stage: StageEvent['stage'], at: number, latencyMs: number): StageEvent => ({
  traceId, lsn: 1234, stage, entity: 'deliveries', key: '77', at, latencyMs, batch: 1,
});

async function auditEntries() {
  const records = await harness.eventLog.read(auditTopic(harness.prefix));
  return records.map((record) => AuditEntrySchema.parse(JSON.parse(record.value!)));
}

describe('monitor gateway authentication', () => {
  it('refuses a socket without a session', async () => {
    const client = harness.connect();

    await expect(connected(client)).rejects.toThrow('unauthenticated');
  });

  it('refuses a socket whose session cookie is forged', async () => {
    const client = harness.connect('dsm.sid=s%3Aforged.signature');

    await expect(connected(client)).rejects.toThrow('unauthenticated');
  });

  it('sends a viewer a valid snapshot on connect', async () => {
    const { cookie } = await harness.signIn('viewer');
    const client = harness.connect(cookie);
    const snapshot = new Promise((resolve) => client.once('pipeline:snapshot', resolve));
    await connected(client);

    const parsed = PipelineSnapshotSchema.parse(await snapshot);
    expect(parsed.stages.map((stage) => stage.stage)).toEqual(['capture', 'etl', 'view', 'index', 'notify']);
  });
});

describe('monitor gateway controls', () => {
  it('refuses a viewer control command with an error ack and audits the refusal', async () => {
    const { cookie, user } = await harness.signIn('viewer');
    const client = harness.connect(cookie);
    await connected(client);

    const ack = await emitControl(client, { type: 'pause-stage', stage: 'index' });

    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await auditEntries()).filter((entry) => entry.actor.id === user.id)).toMatchObject([{ outcome: 'refused' }]);
  });

  it('hands an operator command to the workers on the control topic and audits it', async () => {
    const { cookie, user } = await harness.signIn('operator');
    const client = harness.connect(cookie);
    await connected(client);

    const ack = await emitControl(client, { type: 'reset-group', stage: 'view', to: { timestamp: 1_700_000_000_000 } });

    expect(ack.ok).toBe(true);
    const requests = (await harness.eventLog.read(controlTopic(harness.prefix))).map((record) => ControlRequestSchema.parse(JSON.parse(record.value!)));
    const sent = requests.find((request) => ack.ok && request.id === ack.id)!;
    expect(sent).toMatchObject({ actor: { id: user.id, role: 'operator' }, command: { type: 'reset-group', stage: 'view', to: { timestamp: 1_700_000_000_000 } } });
    expect((await auditEntries()).find((entry) => ack.ok && entry.id === ack.id)).toMatchObject({ outcome: 'accepted' });
  });

  it('answers an invalid operator command with field issues and sends nothing to the workers', async () => {
    const { cookie } = await harness.signIn('admin');
    const client = harness.connect(cookie);
    await connected(client);
    const before = (await harness.eventLog.read(controlTopic(harness.prefix))).length;

    const ack = await emitControl(client, { type: 'pause-stage', stage: 'capture' });

    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ path: 'stage' }] } });
    expect(await harness.eventLog.read(controlTopic(harness.prefix))).toHaveLength(before);
  });

  it('refuses the commands of an operator demoted while connected', async () => {
    const { cookie, user } = await harness.signIn('operator');
    const client = harness.connect(cookie);
    await connected(client);
    await harness.pool.query(`update users set role = 'viewer' where id = $1`, [user.id]);

    const ack = await emitControl(client, { type: 'resume-stage', stage: 'etl' });

    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('monitor gateway live updates', () => {
  it('delivers the hops of a followed transaction as they happen, and not those of others', async () => {
    const { cookie } = await harness.signIn('viewer');
    const client = harness.connect(cookie);
    await connected(client);
    const updates: Trace[] = [];
    client.on('trace:update', (trace) => updates.push(TraceSchema.parse(trace)));
    expect(await follow(client, 'tx-follow')).toEqual({ ok: true, trace: null });
    const commit = Date.now() - 500;

    await harness.produceStageEvents([hop('tx-follow', 'capture', commit + 20, 20), hop('tx-other', 'capture', commit + 20, 20)]);
    await waitFor(() => updates.length > 0);
    await harness.produceStageEvents([hop('tx-follow', 'etl', commit + 60, 60), hop('tx-follow', 'view', commit + 90, 90)]);
    await harness.produceStageEvents([hop('tx-follow', 'index', commit + 150, 150)]);
    await waitFor(() => updates.at(-1)?.searchableAt !== null && updates.at(-1)?.searchableAt !== undefined);

    const last = updates.at(-1)!;
    expect(last.hops.map((entry) => [entry.stage, entry.lastAt])).toEqual([
      ['capture', commit + 20], ['etl', commit + 60], ['view', commit + 90], ['index', commit + 150],
    ]);
    expect(last.commitAt).toBe(commit);
    expect(last.searchableAt).toBe(commit + 150);
    expect(updates.every((trace) => trace.traceId === 'tx-follow')).toBe(true);
  });

  it('coalesces a burst of 3,000 stage events into a bounded number of small deltas', async () => {
    const { cookie } = await harness.signIn('viewer');
    const client = harness.connect(cookie);
    await connected(client);
    const deltas: PipelineDelta[] = [];
    client.on('pipeline:delta', (delta) => deltas.push(PipelineDeltaSchema.parse(delta)));
    const etlTotal = () => deltas.at(-1)?.stages.find((stage) => stage.stage === 'etl')?.totalEvents ?? 0;
    const before = harness.monitor.aggregator.figures().find((stage) => stage.stage === 'etl')!.totalEvents;
    const started = Date.now();

    for (let round = 0; round < 6; round++) {
      const now = Date.now();
      await harness.produceStageEvents(Array.from({ length: 500 }, (_, i) => hop(`burst-${round}-${i}`, 'etl', now, 5 + (i % 50))));
    }
    await waitFor(() => etlTotal() >= before + 3000);

    const elapsedTicks = Math.ceil((Date.now() - started) / 100);
    expect(deltas.length).toBeLessThanOrEqual(elapsedTicks + 1);
    expect(deltas.length).toBeLessThan(3000 / 20);
    expect(Math.max(...deltas.map((delta) => delta.traces.length))).toBeLessThanOrEqual(50);
  });
});

describe('monitor gateway and the worker control channel', () => {
  it('carries an operator pause to the worker and its answer back to every client', async () => {
    const input = 'mt.clean.things';
    await harness.eventLog.ensureTopics([{ name: input }]);
    const stage = createCountingStage(harness.eventLog, 'etl', 'mt-etl', input);
    await stage.start();
    const worker = await listenForPipelineControls({ eventLog: harness.eventLog, prefix: harness.prefix, workerId: 'w1', stages: [stage], stageGroups: { etl: 'mt-etl' } });
    const { cookie } = await harness.signIn('operator');
    const client = harness.connect(cookie);
    await connected(client);
    const statuses: ControlStatus[] = [];
    client.on('control:status', (status) => statuses.push(status));
    let paused: boolean | null = null;
    client.on('pipeline:delta', (delta) => (paused = delta.stages.find((figures) => figures.stage === 'etl')!.paused));

    try {
      // The worker reads from the channel's end once it owns it: repeat until it answers.
      await waitFor(async () => (await emitControl(client, { type: 'pause-stage', stage: 'etl' })).ok && statuses.some((status) => status.state === 'done'), { intervalMs: 500 });

      expect(statuses.at(-1)).toMatchObject({ worker: 'w1', state: 'done', command: { type: 'pause-stage', stage: 'etl' } });
      expect(stage.status().state).toBe('paused');
      await waitFor(() => paused === true);
    } finally {
      await worker.stop();
      await stage.stop();
    }
  });
});
