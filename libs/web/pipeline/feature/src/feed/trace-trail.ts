import type { Trace } from '@dsm/contracts';

export interface TrailStep {
  label: string;
  /** Milliseconds after the source commit, null while the hop is still to come. */
  afterMs: number | null;
  at: number | null;
  error: string | null;
}

const HOPS: { stage: string; label: string }[] = [
  { stage: 'capture', label: 'Captured' },
  { stage: 'etl', label: 'Cleaned' },
  { stage: 'view', label: 'Joined' },
  { stage: 'index', label: 'Indexed' },
];

/** Commit → captured → cleaned → joined → indexed → searchable, each timed from the commit. */
export function trailOf(trace: Trace): TrailStep[] {
  // Without a commit time (no stage reported a latency) the hops are timed from the first one.
  const origin = trace.commitAt ?? (trace.hops.length ? Math.min(...trace.hops.map((hop) => hop.firstAt)) : null);
  const since = (at: number | null) => (at === null || origin === null ? null : Math.max(0, Math.round(at - origin)));
  const steps: TrailStep[] = [{ label: 'Committed', afterMs: trace.commitAt === null ? null : 0, at: trace.commitAt, error: null }];
  for (const { stage, label } of HOPS) {
    const hop = trace.hops.find((item) => item.stage === stage);
    steps.push({ label, afterMs: since(hop?.lastAt ?? null), at: hop?.lastAt ?? null, error: hop?.lastError ?? null });
  }
  steps.push({ label: 'Searchable', afterMs: since(trace.searchableAt), at: trace.searchableAt, error: null });
  const notify = trace.hops.find((item) => item.stage === 'notify');
  if (notify) steps.push({ label: 'Notified', afterMs: since(notify.lastAt), at: notify.lastAt, error: notify.lastError });
  return steps;
}

export function keysOf(trace: Trace): string {
  return trace.keys.map((key) => `${key.entity} ${key.key}`).join(', ');
}
