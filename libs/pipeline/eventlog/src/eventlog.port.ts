/**
 * The event log port: a partitioned, ordered, durable log of keyed records with consumer groups.
 * Implemented on PostgreSQL (embedded, schema `eventlog`) and on Apache Kafka; both pass the same
 * contract suite (`@dsm/eventlog/testing`). Keys and values are strings (JSON text, as Kafka
 * Connect's JsonConverter writes them); a null value is a tombstone.
 */
export interface EventLog {
  /** Creates missing topics; existing topics are left as they are. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  listTopics(): Promise<TopicInfo[]>;

  /**
   * Appends records. Records with the same key go to the same partition, in the order given.
   * Resolves only once every record is durable. On the embedded log one call is atomic: all
   * records become visible together or none do.
   */
  produce(records: OutgoingRecord[]): Promise<ProducedRecord[]>;

  /**
   * Joins `groupId` and delivers batches of records from the topics' partitions assigned to this
   * member. At-least-once: a batch's offsets are committed only after `handler` resolves; if it
   * throws, nothing is committed and the batch is delivered again after a back-off. Several
   * members of one group share the partitions (each partition has one owner at a time).
   */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription>;

  /** Moves a group's committed offsets (the group must have no running member). */
  resetOffsets(groupId: string, topics: string[], to: ResetTarget): Promise<void>;

  /** Lag per partition, in records and in time (age of the oldest unconsumed record). */
  describeLag(groupId: string, topics?: string[]): Promise<PartitionLag[]>;

  /**
   * Consumer groups the log knows (with committed offsets or members), sorted by id; `prefix`
   * keeps only ids that start with it. `lastCommitAt` is when the group last committed (or had
   * its offsets reset), in ms since epoch; null when it never committed, and always null on Kafka,
   * whose brokers do not report commit times.
   */
  listGroups(prefix?: string): Promise<GroupInfo[]>;

  /**
   * Forgets a group: its committed offsets and membership. Refuses (rejects, deleting nothing)
   * while the group has a live member, and rejects for a group the log does not know.
   */
  deleteGroup(groupId: string): Promise<void>;

  /** Reads records without a group (CLI `tail`, DLQ inspection). */
  read(topic: string, options?: ReadOptions): Promise<ConsumedRecord[]>;

  close(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  /** Defaults to the adapter's configured partition count. */
  partitions?: number;
  /** Keep only the latest record per key (and drop tombstones after a grace period). */
  compacted?: boolean;
  /** Delete records older than this (non-compacted topics). Unset: the adapter default. */
  retentionMs?: number;
}

export interface TopicInfo {
  name: string;
  partitions: number;
  compacted: boolean;
}

export type Headers = Record<string, string>;

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  /** JSON text; null is a tombstone. */
  value: string | null;
  headers?: Headers;
  /** Milliseconds since epoch; defaults to now. */
  timestamp?: number;
  /** Explicit partition; by default a hash of the key (murmur2, as Kafka's default partitioner). */
  partition?: number;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: string;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Offsets are 64-bit: decimal strings. */
  offset: string;
  key: string | null;
  value: string | null;
  headers: Headers;
  timestamp: number;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. Default: earliest. */
  fromBeginning?: boolean;
  /** Upper bound on records per batch. Default 500. */
  maxBatchSize?: number;
  /**
   * How long to wait for more records before delivering a partial batch. Default 0 (like Kafka's
   * fetch.min.bytes=1): a record is handed over at once, and batches still grow under load from
   * whatever arrived while the previous batch was handled. Each waiting hop added its wait to
   * the commit→searchable latency.
   */
  maxWaitMs?: number;
}

/**
 * Handles one batch (records of one or more partitions, in offset order per partition).
 * Returning `{ pending }` keeps those records (and every later record of the same partitions)
 * uncommitted: they are delivered again, with whatever arrived since, in the next batch that has
 * anything new (on any partition the member reads). Stages use it to hold back an incomplete
 * source transaction; because held records of every partition come back together, a handler that
 * lets go of them on another partition's news gets them committed at once.
 */
export type BatchHandler = (batch: Batch) => Promise<void | BatchResult>;

export interface Batch {
  records: ConsumedRecord[];
  /** True when the member should finish quickly (shutdown or rebalance). */
  isStopping(): boolean;
}

export interface BatchResult {
  pending?: ConsumedRecord[];
}

export interface Subscription {
  readonly groupId: string;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Finishes the batch in hand, commits it, leaves the group. */
  stop(): Promise<void>;
}

export type ResetTarget = 'earliest' | 'latest' | { timestamp: number };

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read (committed), or null when it never committed. */
  committedOffset: string | null;
  /** Offset the next produced record will get. */
  endOffset: string;
  lag: number;
  /** Age in ms of the oldest record not yet committed by the group; 0 when caught up. */
  lagMs: number;
}

export interface GroupInfo {
  groupId: string;
  /** Members holding a live session now. */
  members: number;
  /** Last commit in ms since epoch; null: never committed, or unknown (Kafka). */
  lastCommitAt: number | null;
}

export interface ReadOptions {
  partition?: number;
  fromOffset?: string;
  /** Read the last N records (per partition) instead of from the start. */
  last?: number;
  limit?: number;
}
