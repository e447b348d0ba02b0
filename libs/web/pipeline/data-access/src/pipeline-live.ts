import { Injectable, computed, inject, signal } from '@angular/core';
import {
  type AlertThresholds,
  type ControlAck,
  ControlAckSchema,
  type ControlStatus,
  ControlStatusSchema,
  DEFAULT_ALERT_THRESHOLDS,
  FollowAckSchema,
  PipelineDeltaSchema,
  type PipelineCommand,
  PipelineSnapshotSchema,
  type Trace,
  TraceSchema,
} from '@dsm/contracts';
import { Notifier, PipelineSocket, type PipelineSocketClient } from '@dsm/web/data-access';
import { PipelineApi } from './pipeline-api';
import { alertsOf } from './pipeline-alerts';
import { EMPTY_PIPELINE_STATE, type PipelineState, applyDelta, fromSnapshot, mergeTraces } from './pipeline-state';

const ACK_TIMEOUT_MS = 10_000;
const KEPT_STATUSES = 20;

/**
 * The dashboard's live view of the pipeline over socket.io: every payload is parsed with the
 * contracts' schemas, a snapshot (sent on each connect) replaces the state, deltas update it.
 * `start()` when the page opens (it also loads the server's alert limits) and `stop()` when it
 * closes; the socket is shared.
 */
@Injectable({ providedIn: 'root' })
export class PipelineLive {
  private readonly sockets = inject(PipelineSocket);
  private readonly api = inject(PipelineApi);
  private readonly notifier = inject(Notifier);
  private readonly current = signal<PipelineState>(EMPTY_PIPELINE_STATE);
  private readonly statuses = signal<ControlStatus[]>([]);
  private readonly followedTrace = signal<Trace | null>(null);
  private readonly limits = signal<AlertThresholds>(DEFAULT_ALERT_THRESHOLDS);
  private followedId: string | null = null;
  private socket: PipelineSocketClient | null = null;

  readonly state = this.current.asReadonly();
  readonly connection = this.sockets.state;
  readonly controlStatuses = this.statuses.asReadonly();
  readonly followed = this.followedTrace.asReadonly();
  readonly thresholds = this.limits.asReadonly();
  readonly alerts = computed(() => alertsOf(this.current(), this.limits()));

  start(): void {
    if (this.socket) return;
    void this.loadThresholds();
    const socket = this.sockets.acquire();
    socket.on('pipeline:snapshot', (payload: unknown) => this.receive(PipelineSnapshotSchema, payload, (snapshot) => this.current.set(fromSnapshot(snapshot))));
    socket.on('pipeline:delta', (payload: unknown) =>
      this.receive(PipelineDeltaSchema, payload, (delta) => {
        this.current.update((state) => applyDelta(state, delta));
        const followed = delta.traces.find((trace) => trace.traceId === this.followedId);
        if (followed) this.followedTrace.set(followed);
      }),
    );
    socket.on('trace:update', (payload: unknown) => this.receive(TraceSchema, payload, (trace) => this.onTrace(trace)));
    socket.on('control:status', (payload: unknown) => this.receive(ControlStatusSchema, payload, (status) => this.onStatus(status)));
    socket.on('connect', () => this.rejoin());
    this.socket = socket;
  }

  stop(): void {
    if (!this.socket) return;
    for (const event of ['pipeline:snapshot', 'pipeline:delta', 'trace:update', 'control:status', 'connect'] as const) this.socket.off(event);
    this.socket = null;
    this.followedId = null;
    this.followedTrace.set(null);
    this.sockets.release();
  }

  /** Follows one transaction in its trace room; null until the monitor has seen it. */
  async follow(traceId: string): Promise<void> {
    const previous = this.followedId;
    this.followedId = traceId;
    this.followedTrace.set(this.current().traces.find((trace) => trace.traceId === traceId) ?? null);
    if (!this.socket?.connected) return;
    if (previous && previous !== traceId) this.socket.emit('unfollow', { traceId: previous }, () => undefined);
    await this.join(traceId);
  }

  /** Sends an operator command; the server checks the role and records it in the audit log. */
  async send(command: PipelineCommand): Promise<ControlAck> {
    if (!this.socket?.connected) return { ok: false, error: { code: 'unavailable', message: 'Not connected to the pipeline; try again in a moment' } };
    try {
      return ControlAckSchema.parse(await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('control', command));
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The server did not answer the command' } };
    }
  }

  /** The server's configured limits; until they arrive the contracts' defaults apply. */
  private async loadThresholds(): Promise<void> {
    try {
      this.limits.set(await this.api.alertThresholds());
    } catch {
      // The banners keep warning at the default limits: a warning is better than none.
      this.notifier.info('The alert limits could not be loaded; alerts use the default limits');
    }
  }

  private async join(traceId: string): Promise<void> {
    const answer = FollowAckSchema.safeParse(await this.socket?.timeout(ACK_TIMEOUT_MS).emitWithAck('follow', { traceId }).catch(() => null));
    if (answer.success && answer.data.ok && answer.data.trace && this.followedId === traceId) this.followedTrace.set(answer.data.trace);
  }

  private rejoin(): void {
    // Rooms do not survive a reconnect; the snapshot that follows the connect restores the rest.
    if (this.followedId) void this.join(this.followedId);
  }

  private onTrace(trace: Trace): void {
    if (trace.traceId === this.followedId) this.followedTrace.set(trace);
    this.current.update((state) => ({ ...state, traces: mergeTraces([trace], state.traces) }));
  }

  private onStatus(status: ControlStatus): void {
    this.statuses.update((known) => [status, ...known.filter((item) => item.id !== status.id)].slice(0, KEPT_STATUSES));
  }

  private receive<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, payload: unknown, apply: (value: T) => void): void {
    const parsed = schema.safeParse(payload);
    // A payload that does not match the contract is dropped rather than corrupting the view.
    if (parsed.success) apply(parsed.data);
  }
}
