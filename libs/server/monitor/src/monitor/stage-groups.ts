import type { Stage } from '@dsm/contracts';

export type StageGroups = Partial<Record<Stage, string>>;

/** The consumer group each stage joins (`<prefix>.<stage>`); the capture reads the WAL and has none. */
export function defaultStageGroups(prefix: string): StageGroups {
  return { etl: `${prefix}.etl`, view: `${prefix}.view`, index: `${prefix}.index`, notify: `${prefix}.notify` };
}
