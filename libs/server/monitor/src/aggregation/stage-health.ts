import type { LagFigures, StageHealth } from '@dsm/contracts';

export interface HealthInput {
  now: number;
  lastEventAt: number | null;
  lag: LagFigures | null;
  errorsLastMinute: number;
  /** For the capture stage: whether its replication slot has a reader; null elsewhere. */
  slotActive: boolean | null;
  /** How long a stage may stay quiet before it counts as not reporting. */
  staleAfterMs: number;
}

/** A stage that stopped reporting while work waits for it is down; quiet with nothing to do is idle. */
export function assessStageHealth(input: HealthInput): StageHealth {
  const reporting = input.lastEventAt !== null && input.now - input.lastEventAt <= input.staleAfterMs;
  const waiting = (input.lag?.records ?? 0) > 0;
  if (input.slotActive === false) return 'down';
  if (!reporting && waiting) return 'down';
  if (input.errorsLastMinute > 0) return 'degraded';
  if (reporting) return 'up';
  if (input.lag !== null || input.slotActive === true || input.lastEventAt !== null) return 'idle';
  return 'unknown';
}
