import { HttpClient } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, catchError, map, of, scan, startWith, switchMap, takeWhile, timer } from 'rxjs';
import { z } from 'zod';
import { type ChangeProgress, completeThrough, pendingProgress } from '@dsm/web/util';
import { SocketTraceTracker } from './socket-trace-tracker';

export const FreshnessSchema = z.object({
  behindSeconds: z.number().nullable(),
  behindBytes: z.number().nullable(),
  upToDate: z.boolean(),
});
export type Freshness = z.infer<typeof FreshnessSchema>;

/**
 * Reports how one saved transaction moves through the pipeline. The default follows the
 * transaction's socket.io trace room and polls the monitor's REST trace when the socket is not
 * available; FreshnessPollingTracker serves servers without a monitor.
 */
export interface ChangeTracker {
  track(txId: string, label: string): Observable<ChangeProgress>;
}
export const CHANGE_TRACKER = new InjectionToken<ChangeTracker>('ChangeTracker', {
  providedIn: 'root',
  factory: () => inject(SocketTraceTracker),
});

const POLL_MS = 500;
const GIVE_UP_MS = 30_000;

/**
 * Without per-stage events the only signal is "the index has caught up with the source": once it
 * has after our commit, every step of our change is done. The times are therefore coarse.
 */
@Injectable({ providedIn: 'root' })
export class FreshnessPollingTracker implements ChangeTracker {
  private readonly http = inject(HttpClient);

  track(txId: string, label: string): Observable<ChangeProgress> {
    const startedAt = Date.now();
    const initial = { ...pendingProgress(txId, label), coarse: true };
    return timer(POLL_MS, POLL_MS).pipe(
      switchMap(() => this.freshness()),
      scan((progress: ChangeProgress, freshness) => this.advance(progress, freshness, Date.now() - startedAt), initial),
      startWith(initial),
      takeWhile((progress) => progress.status === 'following', true),
    );
  }

  freshness(): Observable<Freshness | null> {
    return this.http.get('/api/pipeline/freshness').pipe(
      map((body) => FreshnessSchema.parse(body)),
      catchError(() => of(null)),
    );
  }

  private advance(progress: ChangeProgress, freshness: Freshness | null, elapsed: number): ChangeProgress {
    if (freshness === null) return { ...progress, status: 'unavailable' };
    if (freshness.upToDate) return completeThrough(progress, 'searchable', elapsed);
    return elapsed > GIVE_UP_MS ? { ...progress, status: 'timed-out' } : progress;
  }
}
