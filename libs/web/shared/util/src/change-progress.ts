/** The steps a committed change passes on its way to search, in order. */
export const CHANGE_STEPS = ['capture', 'clean', 'view', 'indexed', 'searchable'] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];

export interface StepProgress {
  step: ChangeStep;
  /** Milliseconds from the save to this step, or null while it is still pending. */
  afterMs: number | null;
}

export type ChangeStatus = 'following' | 'done' | 'timed-out' | 'unavailable';

/** What the "follow this change" panel shows for one saved transaction. */
export interface ChangeProgress {
  txId: string;
  label: string;
  status: ChangeStatus;
  steps: StepProgress[];
  /** Set when the source can only tell "caught up" (polling), not each step separately. */
  coarse: boolean;
}

export function pendingProgress(txId: string, label: string): ChangeProgress {
  return { txId, label, status: 'following', steps: CHANGE_STEPS.map((step) => ({ step, afterMs: null })), coarse: false };
}

/** Marks `step` and every earlier step done at `afterMs` (earlier steps keep their own time). */
export function completeThrough(progress: ChangeProgress, step: ChangeStep, afterMs: number): ChangeProgress {
  const last = CHANGE_STEPS.indexOf(step);
  const steps = progress.steps.map((item, index) =>
    index <= last && item.afterMs === null ? { ...item, afterMs } : item,
  );
  const status = steps.every((item) => item.afterMs !== null) ? 'done' : progress.status;
  return { ...progress, steps, status };
}
