import { randomUUID } from 'node:crypto';
import kafkajs, { type ITopicConfig, type KafkaMessage, type Message } from 'kafkajs';
import type { ConsumedRecord, EventLog, PartitionLag, ProducedRecord, ReadOptions, Subscription, TopicSpec } from '../eventlog.port';
import { createHeldRecords } from '../held-records';
import { consoleLogger, type EventLogLogger } from '../logger';
import { choosePartition } from '../partitioner';
import { createBackoff, handlePartitionBatch } from './kafka-batch';
import { deleteKafkaGroup, listKafkaGroups } from './kafka-groups';

// kafkajs is CommonJS: Node's ESM loader only exposes its default export reliably.
const { ConfigResourceTypes, Kafka, logLevel } = kafkajs;

export interface KafkaEventLogOptions {
  brokers: string[];
  clientId: string;
  defaultPartitions: number;
  replicationFactor: number;
  logger?: EventLogLogger;
  sessionTimeoutMs?: number;
  /** How long a temporary reader (read, lag age) waits for its records. Default 15 s. */
  readTimeoutMs?: number;
}

/** The event log on Apache Kafka: the only file that imports kafkajs. */
export function createKafkaEventLog(options: KafkaEventLogOptions): EventLog {
  const logger = options.logger ?? consoleLogger;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => (level <= logLevel.ERROR ? logger.error : logger.warn)({ ...log }, `kafka: ${log.message}`),
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const partitionCounts = new Map<string, number>();
  const subscriptions = new Set<Subscription>();
  let connecting: Promise<void> | undefined;
  const ready = () => (connecting ??= Promise.all([admin.connect(), producer.connect()]).then(() => undefined));

  async function ensureTopics(specs: TopicSpec[]): Promise<void> {
    await ready();
    const topics: ITopicConfig[] = specs.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions ?? options.defaultPartitions,
      replicationFactor: options.replicationFactor,
      configEntries: spec.compacted
        ? [{ name: 'cleanup.policy', value: 'compact' }]
        : spec.retentionMs ? [{ name: 'retention.ms', value: String(spec.retentionMs) }] : [],
    }));
    if (topics.length > 0) await admin.createTopics({ topics, waitForLeaders: true });
  }

  async function partitionsOf(topic: string): Promise<number> {
    const known = partitionCounts.get(topic);
    if (known) return known;
    await ensureTopics([{ name: topic }]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    partitionCounts.set(topic, topics[0].partitions.length);
    return topics[0].partitions.length;
  }

  async function produce(records: Parameters<EventLog['produce']>[0]): Promise<ProducedRecord[]> {
    if (records.length === 0) return [];
    await ready();
    const placed: { topic: string; partition: number; index: number }[] = [];
    const byTopic = new Map<string, Message[]>();
    const perPartition = new Map<string, number>();
    for (const record of records) {
      const partition = choosePartition(record.key, await partitionsOf(record.topic), record.partition);
      const slot = `${record.topic}\u0000${partition}`;
      const index = perPartition.get(slot) ?? 0;
      perPartition.set(slot, index + 1);
      placed.push({ topic: record.topic, partition, index });
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ partition, key: record.key, value: record.value, headers: record.headers, timestamp: String(record.timestamp ?? Date.now()) });
      byTopic.set(record.topic, messages);
    }
    const metadata = await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    // One record batch per partition per request: its records get consecutive offsets from baseOffset.
    const base = new Map(metadata.map((m) => [`${m.topicName}\u0000${m.partition}`, BigInt(m.baseOffset ?? '0')]));
    return placed.map(({ topic, partition, index }) => ({
      topic,
      partition,
      offset: ((base.get(`${topic}\u0000${partition}`) ?? 0n) + BigInt(index)).toString(),
    }));
  }

  async function subscribe(subscribeOptions: Parameters<EventLog['subscribe']>[0], handler: Parameters<EventLog['subscribe']>[1]): Promise<Subscription> {
    for (const topic of subscribeOptions.topics) await partitionsOf(topic);
    const consumer = kafka.consumer({ groupId: subscribeOptions.groupId, sessionTimeout: options.sessionTimeoutMs ?? 10_000, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
    const held = createHeldRecords();
    const backoff = createBackoff();
    let stopping = false;
    let paused = false;
    // After a rebalance kafkajs reads every assigned partition from its committed offset, which is
    // where the held records start: forget them so they are not delivered twice.
    consumer.on(consumer.events.GROUP_JOIN, () => held.clear());
    await consumer.connect();
    await consumer.subscribe({ topics: subscribeOptions.topics, fromBeginning: subscribeOptions.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const { topic, partition } = batch;
        await handlePartitionBatch({
          topic, partition,
          records: batch.messages.map((m) => toConsumedRecord(topic, partition, m)),
          commit: (commits) => consumer.commitOffsets(commits),
          seek: (offset) => consumer.seek({ topic, partition, offset }),
          resolve: resolveOffset,
          heartbeat,
          isStopping: () => stopping || !isRunning() || isStale(),
        }, held, handler, subscribeOptions.maxBatchSize ?? 500, backoff, logger);
      },
    });
    const topicsOnly = subscribeOptions.topics.map((topic) => ({ topic }));
    const subscription: Subscription = {
      groupId: subscribeOptions.groupId,
      get paused() { return paused; },
      pause: () => { paused = true; consumer.pause(topicsOnly); },
      resume: () => { paused = false; consumer.resume(topicsOnly); },
      async stop() {
        stopping = true;
        await consumer.disconnect();
        subscriptions.delete(subscription);
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  /** Reads offset ranges with a throw-away consumer group (kafkajs has no group-less consumer). */
  async function readRanges(topic: string, ranges: Map<number, { from: bigint; to: bigint; max: number }>): Promise<ConsumedRecord[]> {
    const wanted = [...ranges].filter(([, r]) => r.from < r.to && r.max > 0);
    if (wanted.length === 0) return [];
    const groupId = `${options.clientId}-read-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    const found = new Map<number, ConsumedRecord[]>(wanted.map(([p]) => [p, []]));
    const reached = new Set<number>();
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = ranges.get(batch.partition);
          if (!range) return;
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            const list = found.get(batch.partition) ?? [];
            if (offset >= range.from && offset < range.to && list.length < range.max) list.push(toConsumedRecord(topic, batch.partition, message));
            if (offset >= range.to - 1n || list.length >= range.max) reached.add(batch.partition);
          }
          if (reached.size === wanted.length) finish();
        },
      });
      for (const [partition, range] of wanted) consumer.seek({ topic, partition, offset: range.from.toString() });
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, options.readTimeoutMs ?? 15_000))]);
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return [...found.values()].flat();
  }

  async function read(topic: string, readOptions: ReadOptions = {}): Promise<ConsumedRecord[]> {
    await partitionsOf(topic);
    const limit = readOptions.limit ?? 1000;
    const ranges = new Map<number, { from: bigint; to: bigint; max: number }>();
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      if (readOptions.partition !== undefined && partition !== readOptions.partition) continue;
      const end = BigInt(high);
      const from = readOptions.last !== undefined ? end - BigInt(readOptions.last) : BigInt(readOptions.fromOffset ?? low);
      ranges.set(partition, { from: from > BigInt(low) ? from : BigInt(low), to: end, max: readOptions.last ?? limit });
    }
    const records = await readRanges(topic, ranges);
    return records.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1)).slice(0, limit);
  }

  async function describeLag(groupId: string, topics?: string[]): Promise<PartitionLag[]> {
    await ready();
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((e) => [e.partition, e]));
      const ranges = new Map<number, { from: bigint; to: bigint; max: number }>();
      const topicLags = partitions.map(({ partition, offset }) => {
        const end = ends.get(partition);
        const committed = offset === '-1' ? null : offset;
        const from = BigInt(committed ?? end?.low ?? '0');
        const high = BigInt(end?.high ?? '0');
        if (high > from) ranges.set(partition, { from, to: high, max: 1 });
        return { topic, partition, committedOffset: committed, endOffset: high.toString(), lag: Number(high > from ? high - from : 0n), lagMs: 0 };
      });
      const oldest = await readRanges(topic, ranges);
      const now = Date.now();
      for (const lag of topicLags) {
        const record = oldest.find((r) => r.partition === lag.partition);
        if (record && lag.lag > 0) lag.lagMs = Math.max(0, now - record.timestamp);
      }
      lags.push(...topicLags.sort((a, b) => a.partition - b.partition));
    }
    return lags.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  return {
    ensureTopics,
    async listTopics() {
      await ready();
      const names = (await admin.listTopics()).filter((name) => !name.startsWith('__'));
      if (names.length === 0) return [];
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['cleanup.policy'] })),
      });
      const compacted = new Set(configs.resources.filter((r) => r.configEntries.some((e) => e.configName === 'cleanup.policy' && e.configValue.includes('compact'))).map((r) => r.resourceName));
      return topics.map((t) => ({ name: t.name, partitions: t.partitions.length, compacted: compacted.has(t.name) })).sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    produce,
    subscribe,
    async resetOffsets(groupId, topics, to) {
      await ready();
      for (const topic of topics) {
        await partitionsOf(topic);
        if (to === 'earliest' || to === 'latest') {
          await admin.resetOffsets({ groupId, topic, earliest: to === 'earliest' });
          continue;
        }
        const high = new Map((await admin.fetchTopicOffsets(topic)).map((e) => [e.partition, e.high]));
        const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, to.timestamp);
        await admin.setOffsets({ groupId, topic, partitions: byTime.map((e) => ({ partition: e.partition, offset: e.offset === '-1' ? high.get(e.partition) ?? '0' : e.offset })) });
      }
    },
    describeLag,
    listGroups: async (prefix) => (await ready(), listKafkaGroups(admin, prefix)),
    deleteGroup: async (groupId) => (await ready(), deleteKafkaGroup(admin, groupId)),
    read,
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (connecting) await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}

function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, timestamp: Number(message.timestamp) };
}
