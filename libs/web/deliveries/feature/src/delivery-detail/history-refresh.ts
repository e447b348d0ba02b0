import { type ResourceRef, type WritableSignal, effect, untracked } from '@angular/core';
import type { StatusChangeEntry } from '@dsm/web/data-access';

/** A state change just recorded, which the audit history should come to list. */
export interface RecordedChange {
  attempt: number;
  to: string;
}

/** How often, and how many times, the history is read again while it misses a recorded change. */
export interface HistoryRetry {
  everyMs: number;
  tries: number;
}

const HISTORY_RETRY: HistoryRetry = { everyMs: 1000, tries: 15 };

/** An attempt passes through a state at most once, so its number and the new state name the change. */
export function listsChange(entries: readonly StatusChangeEntry[], change: RecordedChange): boolean {
  return entries.some((entry) => entry.attempt === change.attempt && entry.to === change.to);
}

/**
 * Reads the history again until it lists the awaited change, then clears it. The audit index
 * trails the database by the pipeline, and the audit event may be indexed in a later batch than
 * the delivery's own document, so one reload when the change is searchable can come too early.
 * After `retry.tries` reads it gives up and shows what the index has; a failed read stops it
 * (the error is reported with a Retry, whose read carries on). Call in an injection context.
 */
export function refreshHistoryUntilListed(
  history: ResourceRef<readonly StatusChangeEntry[] | undefined>,
  awaited: WritableSignal<RecordedChange | null>,
  retry: HistoryRetry = HISTORY_RETRY,
): void {
  let following: RecordedChange | null = null;
  let tries = 0;
  effect((onCleanup) => {
    const change = awaited();
    if (change !== following) [following, tries] = [change, 0];
    if (!change || history.isLoading() || !history.hasValue()) return;
    if (listsChange(history.value(), change) || tries >= retry.tries) {
      untracked(() => awaited.set(null));
      return;
    }
    const timer = setTimeout(() => {
      tries += 1;
      history.reload();
    }, retry.everyMs);
    onCleanup(() => clearTimeout(timer));
  });
}
