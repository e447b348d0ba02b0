import { z } from 'zod';
import { ControlAckSchema, ControlStatusSchema, type ControlAck, type ControlStatus } from './pipeline-control.schema';
import { PipelineDeltaSchema, PipelineSnapshotSchema, TraceSchema, type PipelineDelta, type PipelineSnapshot, type Trace } from './pipeline-snapshot.schema';

/**
 * The live pipeline socket (socket.io, path `/socket.io`, namespace `/pipeline`). The handshake
 * must carry the API's session cookie; any signed-in user may watch, operators and admins may
 * control. socket.io delivers at most once, so a client gets a full snapshot on every (re)connect
 * and deltas after it, and re-sends its `follow` requests after a reconnect.
 */
export const PIPELINE_NAMESPACE = '/pipeline';

export const SERVER_EVENTS = {
  snapshot: 'pipeline:snapshot',
  delta: 'pipeline:delta',
  trace: 'trace:update',
  controlStatus: 'control:status',
} as const;

export const CLIENT_EVENTS = {
  follow: 'follow',
  unfollow: 'unfollow',
  control: 'control',
} as const;

export const FollowRequestSchema = z.strictObject({ traceId: z.string().min(1).max(40) });
export type FollowRequest = z.infer<typeof FollowRequestSchema>;

/** `follow` answers with the transaction as known so far (null: nothing seen yet, keep waiting). */
export const FollowAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), trace: TraceSchema.nullable() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.literal('invalid'), message: z.string() }) }),
]);
export type FollowAck = z.infer<typeof FollowAckSchema>;

/** Payload schemas per server event, for clients that parse what they receive. */
export const ServerEventSchemas = {
  [SERVER_EVENTS.snapshot]: PipelineSnapshotSchema,
  [SERVER_EVENTS.delta]: PipelineDeltaSchema,
  [SERVER_EVENTS.trace]: TraceSchema,
  [SERVER_EVENTS.controlStatus]: ControlStatusSchema,
} as const;

/** Payload schemas per client event and of its acknowledgement. */
export const ClientEventSchemas = {
  [CLIENT_EVENTS.follow]: { payload: FollowRequestSchema, ack: FollowAckSchema },
  [CLIENT_EVENTS.unfollow]: { payload: FollowRequestSchema, ack: FollowAckSchema },
  [CLIENT_EVENTS.control]: { payload: z.unknown(), ack: ControlAckSchema },
} as const;

/** socket.io's typed event map, server → client. */
export interface PipelineServerToClientEvents {
  'pipeline:snapshot': (snapshot: PipelineSnapshot) => void;
  'pipeline:delta': (delta: PipelineDelta) => void;
  /** The followed transaction after a change, coalesced to the push interval. */
  'trace:update': (trace: Trace) => void;
  'control:status': (status: ControlStatus) => void;
}

/** socket.io's typed event map, client → server; every event takes an acknowledgement. */
export interface PipelineClientToServerEvents {
  follow: (request: FollowRequest, ack: (answer: FollowAck) => void) => void;
  unfollow: (request: FollowRequest, ack: (answer: FollowAck) => void) => void;
  /** The payload is a PipelineCommand; the server parses it (and refuses it for non-operators). */
  control: (command: unknown, ack: (answer: ControlAck) => void) => void;
}
