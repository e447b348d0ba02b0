import type { EventLog, ResetTarget } from '@dsm/eventlog';
import { ETL_GROUP, etlInputTopics } from '../etl/etl.stage';
import { INDEX_GROUP, indexInputTopics } from '../index/index.stage';
import { VIEW_GROUP, viewInputTopics } from '../view/view.stage';

/** The topics each of the pipeline's consumer groups reads. */
export function groupTopics(prefix: string): Record<string, string[]> {
  return { [ETL_GROUP]: etlInputTopics(prefix), [VIEW_GROUP]: viewInputTopics(prefix), [INDEX_GROUP]: indexInputTopics(prefix) };
}

/** `earliest` or an ISO-8601 timestamp. */
export function parseResetTarget(value: string): ResetTarget {
  if (value === 'earliest' || value === 'latest') return value;
  const timestamp = Date.parse(value);
  if (Number.isNaN(timestamp)) throw new Error(`--to takes "earliest", "latest" or an ISO timestamp, not "${value}"`);
  return { timestamp };
}

/**
 * Moves a group's offsets so it replays (the group must be stopped). Replays are safe: every
 * stage is idempotent and index writes are versioned.
 */
export async function resetGroup(log: EventLog, prefix: string, group: string, target: ResetTarget, topics?: string[]): Promise<string[]> {
  const chosen = topics?.length ? topics : groupTopics(prefix)[group];
  if (!chosen) throw new Error(`Unknown group "${group}": name its topics with --topics, or use one of ${Object.keys(groupTopics(prefix)).join(', ')}`);
  await log.resetOffsets(group, chosen, target);
  return chosen;
}
