import { STAGES, type LagFigures, type SlotFigures, type Stage } from '@dsm/contracts';
import { readDeadLetters, type EventLog, type PartitionLag } from '@dsm/eventlog';
import type { Logger } from 'pino';
import type { PipelineAggregator } from '../aggregation/pipeline-aggregator';
import type { StageGroups } from './stage-groups';

const DEAD_LETTER_SCAN = 1000;

export interface FiguresPollDeps {
  eventLog: EventLog;
  prefix: string;
  aggregator: PipelineAggregator;
  stageGroups: StageGroups;
  readSlot?: () => Promise<SlotFigures | null>;
  logger: Logger;
}

/** Sums a group's partitions: records waiting, and the age of the oldest one as lag in seconds. */
export function summarizeLag(partitions: PartitionLag[]): LagFigures {
  return {
    records: partitions.reduce((sum, partition) => sum + partition.lag, 0),
    seconds: partitions.reduce((max, partition) => Math.max(max, partition.lagMs), 0) / 1000,
  };
}

/** One round of the figures that do not come with stage events: lag, dead letters, the slot. */
export async function pollFigures(deps: FiguresPollDeps): Promise<void> {
  const readSlot = deps.readSlot;
  await Promise.all([
    ...STAGES.map((stage) => pollStage(deps, stage)),
    readSlot ? guard(deps, 'slot', async () => deps.aggregator.setSlot(await readSlot())) : undefined,
  ]);
}

async function pollStage(deps: FiguresPollDeps, stage: Stage): Promise<void> {
  const group = deps.stageGroups[stage];
  if (group) await guard(deps, `lag of ${stage}`, async () => deps.aggregator.setLag(stage, summarizeLag(await deps.eventLog.describeLag(group))));
  await guard(deps, `dead letters of ${stage}`, async () => {
    // Unhandled ones only (not replayed, not discarded); counted among the oldest DEAD_LETTER_SCAN.
    const entries = await readDeadLetters(deps.eventLog, deps.prefix, stage, { limit: DEAD_LETTER_SCAN });
    deps.aggregator.setDeadLetters(stage, entries.length);
  });
}

/** A failed figure keeps its last value: the dashboard goes on and the log says why. */
async function guard(deps: FiguresPollDeps, what: string, poll: () => Promise<void>): Promise<void> {
  try {
    await poll();
  } catch (error) {
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, `monitor: could not read ${what}`);
  }
}
