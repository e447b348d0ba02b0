import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Trace, TraceSchema } from '@dsm/contracts';
import { type ChangeProgress, type ChangeStep, completeThrough, pendingProgress } from '@dsm/web/util';
import { Observable, catchError, map, of, scan, startWith, switchMap, takeWhile, timer } from 'rxjs';
import type { ChangeTracker } from './change-tracker';

const POLL_MS = 400;
const GIVE_UP_MS = 30_000;
const STEP_OF_STAGE: Partial<Record<string, ChangeStep>> = { capture: 'capture', etl: 'clean', view: 'view', index: 'indexed' };

/** `null`: the monitor has not seen the transaction yet; `'missing'`: the server has no monitor. */
type Poll = Trace | null | 'missing';

/**
 * Follows one transaction stage by stage through the pipeline monitor's trace
 * (`GET /api/pipeline/traces/:txId`), which the server builds from the stages' events.
 */
@Injectable({ providedIn: 'root' })
export class TracePollingTracker implements ChangeTracker {
  private readonly http = inject(HttpClient);

  track(txId: string, label: string): Observable<ChangeProgress> {
    const startedAt = Date.now();
    const initial = pendingProgress(txId, label);
    return timer(POLL_MS, POLL_MS).pipe(
      switchMap(() => this.trace(txId)),
      scan((progress: ChangeProgress, poll) => advance(progress, poll, startedAt), initial),
      startWith(initial),
      takeWhile((progress) => progress.status === 'following', true),
    );
  }

  private trace(txId: string): Observable<Poll> {
    return this.http.get(`/api/pipeline/traces/${encodeURIComponent(txId)}`).pipe(
      map((body) => TraceSchema.parse(body)),
      catchError((error: unknown) => of(isNotSeenYet(error) ? null : ('missing' as const))),
    );
  }
}

function isNotSeenYet(error: unknown): boolean {
  // A 404 problem from the monitor means "not yet"; a 404 without one means no such route.
  return error instanceof HttpErrorResponse && error.status === 404 && typeof error.error?.detail === 'string';
}

/** Times are measured from the source commit when the trace knows it, else from the save. */
export function advance(progress: ChangeProgress, poll: Poll, startedAt: number): ChangeProgress {
  if (poll === 'missing') return { ...progress, status: 'unavailable' };
  const elapsed = Date.now() - startedAt;
  if (poll === null) return elapsed > GIVE_UP_MS ? { ...progress, status: 'timed-out' } : progress;
  const origin = poll.commitAt ?? startedAt;
  let next = progress;
  for (const hop of poll.hops) {
    const step = STEP_OF_STAGE[hop.stage];
    if (step) next = completeThrough(next, step, Math.max(0, Math.round(hop.lastAt - origin)));
  }
  if (poll.searchableAt !== null) next = completeThrough(next, 'searchable', Math.max(0, Math.round(poll.searchableAt - origin)));
  return next.status === 'following' && elapsed > GIVE_UP_MS ? { ...next, status: 'timed-out' } : next;
}
