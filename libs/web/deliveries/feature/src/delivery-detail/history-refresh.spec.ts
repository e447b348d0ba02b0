import { type ResourceRef, type WritableSignal, resource, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { StatusChangeEntry } from '@dsm/web/data-access';
import { describe, expect, it, vi } from 'vitest';
import { type RecordedChange, refreshHistoryUntilListed } from './history-refresh';

const dispatched: StatusChangeEntry = {
  id: 'ev-1', at: '2026-11-20T12:00:00.000Z', attempt: 1, from: 'created', to: 'dispatched', actor: 'ada@dsm.local', reason: null,
};
const retry = { everyMs: 5, tries: 3 };

/** A history whose reads answer `answers` in turn (the last one from then on); counts the reads. */
function setUp(answers: StatusChangeEntry[][]) {
  const reads = { count: 0 };
  let history!: ResourceRef<readonly StatusChangeEntry[] | undefined>;
  let awaited!: WritableSignal<RecordedChange | null>;
  TestBed.runInInjectionContext(() => {
    history = resource({ loader: async () => answers[Math.min(reads.count++, answers.length - 1)] });
    awaited = signal<RecordedChange | null>(null);
    refreshHistoryUntilListed(history, awaited, retry);
  });
  return { history, awaited, reads };
}

describe('refreshHistoryUntilListed', () => {
  it('reads the history again until it lists the recorded change, then stops', async () => {
    const { history, awaited, reads } = setUp([[], [], [dispatched]]);
    await vi.waitFor(() => expect(history.hasValue()).toBe(true));

    awaited.set({ attempt: 1, to: 'dispatched' });

    await vi.waitFor(() => expect(awaited()).toBeNull());
    expect(history.value()).toEqual([dispatched]);
    expect(reads.count).toBe(3);
  });

  it('does not read again when the history already lists the change', async () => {
    const { history, awaited, reads } = setUp([[dispatched]]);
    await vi.waitFor(() => expect(history.hasValue()).toBe(true));

    awaited.set({ attempt: 1, to: 'dispatched' });

    await vi.waitFor(() => expect(awaited()).toBeNull());
    expect(reads.count).toBe(1);
  });

  it('gives up after the allowed number of reads when the change never shows', async () => {
    const { history, awaited, reads } = setUp([[dispatched]]);
    await vi.waitFor(() => expect(history.hasValue()).toBe(true));

    awaited.set({ attempt: 2, to: 'dispatched' });

    await vi.waitFor(() => expect(awaited()).toBeNull());
    expect(reads.count).toBe(1 + retry.tries);
  });
});
