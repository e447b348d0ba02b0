import { Injectable, inject } from '@angular/core';
import { FollowAckSchema, TraceSchema } from '@dsm/contracts';
import { type ChangeProgress, pendingProgress } from '@dsm/web/util';
import { Observable, type Subscriber } from 'rxjs';
import type { ChangeTracker } from './change-tracker';
import { PipelineSocket } from './pipeline-socket';
import { TracePollingTracker, advance } from './trace-tracker';

/** How long the socket may take to connect before the panel polls instead. */
const CONNECT_GRACE_MS = 3_000;
const TICK_MS = 1_000;

/**
 * Follows one transaction in its socket.io trace room (`follow` → `trace:update`). Falls back to
 * polling the REST trace when the socket is refused or does not connect in time, so the panel
 * keeps working behind proxies that drop WebSockets.
 */
@Injectable({ providedIn: 'root' })
export class SocketTraceTracker implements ChangeTracker {
  private readonly sockets = inject(PipelineSocket);
  private readonly polling = inject(TracePollingTracker);

  track(txId: string, label: string): Observable<ChangeProgress> {
    return new Observable<ChangeProgress>((subscriber) => this.follow(subscriber, txId, label));
  }

  private follow(subscriber: Subscriber<ChangeProgress>, txId: string, label: string): () => void {
    const startedAt = Date.now();
    let progress = pendingProgress(txId, label);
    let fallback: { unsubscribe(): void } | null = null;
    const socket = this.sockets.acquire();

    const report = (trace: Parameters<typeof advance>[1]) => {
      const next = advance(progress, trace, startedAt);
      if (next === progress) return;
      progress = next;
      subscriber.next(progress);
      if (progress.status !== 'following') subscriber.complete();
    };
    const onTrace = (payload: unknown) => {
      const parsed = TraceSchema.safeParse(payload);
      if (parsed.success && parsed.data.traceId === txId) report(parsed.data);
    };
    const join = () =>
      socket.emit('follow', { traceId: txId }, (answer) => {
        const ack = FollowAckSchema.safeParse(answer);
        if (!ack.success || !ack.data.ok) return fallBack();
        report(ack.data.trace);
      });
    const leaveSocket = () => {
      socket.off('trace:update', onTrace);
      socket.off('connect', join);
      socket.off('connect_error', fallBack);
      if (socket.connected) socket.emit('unfollow', { traceId: txId }, () => undefined);
    };
    const pollInstead = this.polling.track(txId, label);
    const fallBack = (): void => {
      if (fallback || subscriber.closed) return;
      leaveSocket();
      // The socket is no use to this follow any more; let it close if nobody else needs it.
      this.sockets.release();
      fallback = pollInstead.subscribe(subscriber);
    };

    subscriber.next(progress);
    socket.on('trace:update', onTrace);
    // socket.io forgets rooms on reconnect, so the follow is re-sent on every connect.
    socket.on('connect', join);
    socket.on('connect_error', fallBack);
    if (socket.connected) join();
    const grace = setTimeout(() => socket.connected || fallBack(), CONNECT_GRACE_MS);
    const tick = setInterval(() => fallback || report(null), TICK_MS);

    return () => {
      clearTimeout(grace);
      clearInterval(tick);
      if (fallback) return fallback.unsubscribe();
      leaveSocket();
      this.sockets.release();
    };
  }
}
