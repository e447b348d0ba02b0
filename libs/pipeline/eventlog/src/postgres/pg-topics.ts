import type pg from 'pg';
import type { TopicInfo, TopicSpec } from '../eventlog.port';

export interface TopicRegistry {
  ensure(specs: TopicSpec[]): Promise<void>;
  list(): Promise<TopicInfo[]>;
  /** The topic's metadata, creating it with the defaults when missing (like Kafka's auto-create). */
  get(name: string): Promise<TopicInfo>;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

interface TopicRow {
  name: string;
  partitions: number;
  compacted: boolean;
}

export function createTopicRegistry(pool: pg.Pool, defaultPartitions: number): TopicRegistry {
  // Partition counts never change once created, so a cached entry stays true.
  const cache = new Map<string, TopicInfo>();

  async function ensure(specs: TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      if (!TOPIC_NAME.test(spec.name)) throw new Error(`Invalid topic name "${spec.name}" (letters, digits, . _ -)`);
      const partitions = spec.partitions ?? defaultPartitions;
      await pool.query(
        `with created as (
           insert into eventlog.topics (name, partitions, compacted, retention_ms) values ($1, $2, $3, $4)
           on conflict (name) do nothing returning name, partitions)
         insert into eventlog.partitions (topic, partition)
         select name, generate_series(0, partitions - 1) from created
         on conflict do nothing`,
        [spec.name, partitions, spec.compacted ?? false, spec.retentionMs ?? null],
      );
    }
  }

  async function list(): Promise<TopicInfo[]> {
    const { rows } = await pool.query<TopicRow>('select name, partitions, compacted from eventlog.topics order by name');
    for (const row of rows) cache.set(row.name, row);
    return rows.map((row) => ({ name: row.name, partitions: row.partitions, compacted: row.compacted }));
  }

  async function get(name: string): Promise<TopicInfo> {
    const cached = cache.get(name);
    if (cached) return cached;
    await ensure([{ name }]);
    const { rows } = await pool.query<TopicRow>('select name, partitions, compacted from eventlog.topics where name = $1', [name]);
    const info = { name: rows[0].name, partitions: rows[0].partitions, compacted: rows[0].compacted };
    cache.set(name, info);
    return info;
  }

  return { ensure, list, get };
}
