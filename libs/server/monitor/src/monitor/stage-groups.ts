import type { Stage } from '@dsm/contracts';

export type StageGroups = Partial<Record<Stage, string>>;

/** The consumer group each stage joins (`<prefix>.<stage>`); the capture reads the WAL and has none. */
export function defaultStageGroups(prefix: string): StageGroups {
  return { etl: `${prefix}.etl`, view: `${prefix}.view`, index: `${prefix}.index`, notify: `${prefix}.notify` };
}

/**
 * A group that never commits: its lag on a dead-letter topic is the number of dead letters the log
 * still holds. Point it at the dead-letter workbench's group instead if that one commits handled ones.
 */
export const defaultDeadLetterGroup = (prefix: string): string => `${prefix}.monitor.dead-letters`;
