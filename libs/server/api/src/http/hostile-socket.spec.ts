import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import pino from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineCommandSchema, controlTopic, type PipelineClientToServerEvents, type PipelineServerToClientEvents, type Role } from '@dsm/contracts';
import { attachMonitorGateway, createMonitorService, createPipelineControlService, type MonitorGateway, type MonitorService } from '@dsm/server-monitor';
import { createApiHarness, createUser, type ApiHarness } from '../testing/api-harness';
import { hostileValue } from '../testing/hostile.arbitraries';
import { openReadSide, type ReadSide } from '../testing/read-side';

type Client = Socket<PipelineServerToClientEvents, PipelineClientToServerEvents>;

/** Commands shaped like the real ones (PipelineCommandSchema) with hostile fields, and plain garbage. */
const hostileCommand = fc.oneof(
  hostileValue,
  fc.record({ type: fc.constantFrom('pause-stage', 'resume-stage', 'reset-group', 'reindex', 'replay-dead-letter', 'discard-dead-letter', 'drop-database'), stage: hostileValue, to: hostileValue, index: hostileValue, topic: hostileValue, partition: hostileValue, offset: hostileValue }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('pause-stage', 'reindex'), stage: fc.constantFrom('etl', 'view'), extra: hostileValue }, { requiredKeys: ['type', 'extra'] }),
);

describe('hostile socket.io input (property-based)', () => {
  let h: ApiHarness;
  let readSide: ReadSide;
  let monitor: MonitorService;
  let gateway: MonitorGateway;
  let server: http.Server;
  let url = '';
  const clients: Client[] = [];
  const prefix = 'hs';

  beforeAll(async () => {
    readSide = await openReadSide(prefix);
    h = await createApiHarness();
    const logger = pino({ level: 'silent' });
    monitor = createMonitorService({ eventLog: readSide.eventLog, prefix, pollIntervalMs: 60_000, logger });
    const controls = createPipelineControlService({ eventLog: readSide.eventLog, prefix });
    await controls.prepare();
    await monitor.start();
    server = http.createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    gateway = attachMonitorGateway(server, { sessionMiddleware: h.kit.session, monitor, controls, findUser: h.kit.findUser, logger });
  });
  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await gateway.close();
    await monitor.stop();
    await h.close();
    await readSide.close();
  });

  /** Signs in through the API's real login and opens the pipeline socket with its session cookie. */
  async function connectAs(role: Role): Promise<Client> {
    const user = await createUser(h.sql, role);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const client: Client = connectClient(`${url}/pipeline`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    return client;
  }

  const controlRecords = async () => (await readSide.eventLog.read(controlTopic(prefix), { last: 10_000 })).length;

  it('refuses every malformed control command as invalid, queues none of them and keeps the socket', async () => {
    const operator = await connectAs('operator');
    const before = await controlRecords();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostileCommand, async (command) => {
        const ack = await operator.timeout(5000).emitWithAck('control', command);
        // The contract's own schema is the oracle: a hostile-looking value may still be a valid command.
        if (PipelineCommandSchema.safeParse(command).success) {
          expect(ack.ok).toBe(true);
          accepted += 1;
        } else {
          expect(ack, JSON.stringify(ack)).toMatchObject({ ok: false, error: { code: 'invalid' } });
        }
        expect(operator.connected).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(await controlRecords()).toBe(before + accepted);
  });

  it('refuses control commands from a viewer whatever they contain', async () => {
    const viewer = await connectAs('viewer');
    const before = await controlRecords();
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileCommand, fc.constant({ type: 'reindex' })), async (command) => {
        const ack = await viewer.timeout(5000).emitWithAck('control', command);
        expect(ack.ok).toBe(false);
      }),
      { numRuns: 20 },
    );
    expect(await controlRecords()).toBe(before);
  });

  it('answers hostile follow and unfollow requests without dropping the socket', async () => {
    const viewer = await connectAs('viewer');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('follow', 'unfollow') as fc.Arbitrary<'follow' | 'unfollow'>, fc.oneof(hostileValue, fc.record({ traceId: hostileValue })), async (event, request) => {
        const ack = await viewer.timeout(5000).emitWithAck(event, request as { traceId: string });
        const valid = typeof (request as { traceId?: unknown })?.traceId === 'string' && Object.keys(request as object).length === 1
          && ((request as { traceId: string }).traceId.length >= 1 && (request as { traceId: string }).traceId.length <= 40);
        if (!valid) expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
        expect(viewer.connected).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
