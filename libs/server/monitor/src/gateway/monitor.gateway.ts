import type http from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import pino, { type Logger } from 'pino';
import {
  CLIENT_EVENTS,
  FollowRequestSchema,
  PIPELINE_NAMESPACE,
  SERVER_EVENTS,
  type Actor,
  type PipelineClientToServerEvents,
  type PipelineServerToClientEvents,
} from '@dsm/contracts';
import type { MonitorService } from '../monitor/monitor.service';
import type { PipelineControlService } from '../control/pipeline-control.service';
import { startPushLoop, traceRoom } from './push-loop';
import { onlyForHandshake, resolveSessionUser, type FindUser, type SessionMiddleware } from './socket-session';

export interface MonitorGatewayOptions {
  /** The API's express-session middleware (same store, secret and cookie name). */
  sessionMiddleware: SessionMiddleware;
  monitor: MonitorService;
  controls: PipelineControlService;
  /** Re-reads the user (role) from the database on connect and on each control command. */
  findUser?: FindUser;
  /** At most one delta per client per interval. */
  pushIntervalMs?: number;
  /** Refuses handshakes from other origins (a WebSocket is not covered by CORS). */
  allowedOrigins?: string[];
  /** Transactions one client may follow at once. */
  maxFollows?: number;
  logger?: Logger;
}

export interface MonitorGateway {
  readonly io: Server;
  readonly namespace: Namespace;
  close(): Promise<void>;
}

interface SocketData {
  user: Actor;
}

type PipelineSocket = Socket<PipelineClientToServerEvents, PipelineServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The live pipeline over socket.io (namespace `/pipeline`): signed-in users get a snapshot on
 * connect and throttled deltas after; they may follow transactions; operators and admins may send
 * control commands. Pass an existing socket.io Server or the http.Server to attach a new one to.
 */
export function attachMonitorGateway(target: Server | http.Server, options: MonitorGatewayOptions): MonitorGateway {
  const ownsServer = !(target instanceof Server);
  const io = target instanceof Server ? target : new Server(target, { serveClient: false });
  const logger = options.logger ?? pino({ level: 'silent' });
  io.engine.use(onlyForHandshake(options.sessionMiddleware));
  const namespace = io.of(PIPELINE_NAMESPACE) as unknown as Namespace<PipelineClientToServerEvents, PipelineServerToClientEvents, Record<string, never>, SocketData>;

  namespace.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (options.allowedOrigins && origin && !options.allowedOrigins.includes(origin)) return next(new Error('forbidden origin'));
    resolveSessionUser(socket.request, options.findUser).then(
      (user) => {
        if (!user) return next(new Error('unauthenticated'));
        socket.data.user = user;
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error('unauthenticated')),
    );
  });
  namespace.on('connection', (socket) => handleConnection(socket, options, logger));

  const stopPushing = startPushLoop(namespace, options.monitor.aggregator, options.pushIntervalMs ?? 500);
  const stopRelaying = options.monitor.onControlStatus((status) => namespace.emit(SERVER_EVENTS.controlStatus, status));
  return {
    io,
    namespace: namespace as unknown as Namespace,
    async close() {
      stopPushing();
      stopRelaying();
      namespace.disconnectSockets(true);
      if (ownsServer) await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

function handleConnection(socket: PipelineSocket, options: MonitorGatewayOptions, logger: Logger): void {
  const { aggregator } = options.monitor;
  socket.emit(SERVER_EVENTS.snapshot, aggregator.snapshot());

  socket.on(CLIENT_EVENTS.follow, (request, ack) => {
    const parsed = FollowRequestSchema.safeParse(request);
    if (!parsed.success) return reply(ack, { ok: false, error: { code: 'invalid', message: 'Give a traceId (the transaction id)' } });
    const followed = [...socket.rooms].filter((room) => room.startsWith('trace:')).length;
    if (followed >= (options.maxFollows ?? 20)) return reply(ack, { ok: false, error: { code: 'invalid', message: 'Unfollow a transaction first' } });
    void socket.join(traceRoom(parsed.data.traceId));
    reply(ack, { ok: true, trace: aggregator.trace(parsed.data.traceId) });
  });

  socket.on(CLIENT_EVENTS.unfollow, (request, ack) => {
    const parsed = FollowRequestSchema.safeParse(request);
    if (!parsed.success) return reply(ack, { ok: false, error: { code: 'invalid', message: 'Give a traceId (the transaction id)' } });
    void socket.leave(traceRoom(parsed.data.traceId));
    reply(ack, { ok: true, trace: null });
  });

  socket.on(CLIENT_EVENTS.control, (command, ack) => {
    void submitControl(socket, options, command).then(
      (answer) => reply(ack, answer),
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'monitor: control command failed');
        reply(ack, { ok: false, error: { code: 'unavailable', message: 'The pipeline could not take the command; try again' } });
      },
    );
  });
}

async function submitControl(socket: PipelineSocket, options: MonitorGatewayOptions, command: unknown) {
  // The role is read again: a user demoted after connecting must not keep operator rights.
  const user = options.findUser ? await options.findUser(socket.data.user.id) : socket.data.user;
  if (!user) {
    socket.disconnect(true);
    return { ok: false as const, error: { code: 'unauthenticated' as const, message: 'Sign in again' } };
  }
  return options.controls.submit(user, command);
}

/** Clients may emit without an acknowledgement callback; answering then would throw. */
function reply<T>(ack: ((answer: T) => void) | undefined, answer: T): void {
  if (typeof ack === 'function') ack(answer);
}

