import { ETL_GROUP, INDEX_GROUP, VIEW_GROUP } from '@dsm/stages';
import type { Stage } from '@dsm/contracts';

export type StageGroups = Partial<Record<Stage, string>>;

/**
 * The consumer group each stage joins by default (the stages' own constants; notify's group is
 * `<prefix>.notify`). The capture reads the WAL and has none. Override when the worker is started
 * with other group ids.
 */
export function defaultStageGroups(prefix: string): StageGroups {
  return { etl: ETL_GROUP, view: VIEW_GROUP, index: INDEX_GROUP, notify: `${prefix}.notify` };
}
