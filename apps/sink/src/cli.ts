import { AGGREGATES, StageSchema, type Stage } from '@dsm/contracts';
import { readDeadLetters, replayDeadLetter, type ConsumedRecord, type EventLog } from '@dsm/eventlog';
import {
  computeFreshness, openToolContext, parseResetTarget, produceRecord, reindex, removedDuringBuildNote, resetGroup, summarizeGroups, verifyAggregate, waitingForWritersMessage, type ToolContext,
} from '@dsm/stages';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';

// The `dsm` operator CLI (npm run dsm -- <command>): the same configuration as the worker.
const program = new Command('dsm')
  .description('Delivery System Manager pipeline tools')
  .showHelpAfterError();

async function withContext(work: (context: ToolContext) => Promise<number | void>): Promise<void> {
  const context = await openToolContext();
  try {
    process.exitCode = (await work(context)) ?? 0;
  } finally {
    await context.close();
  }
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function stageArgument(value: string): Stage {
  const parsed = StageSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected one of ${StageSchema.options.join(', ')}`);
  return parsed.data;
}

function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(14)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total: number) => bar.start(Math.max(total, 1), 0),
    update: (value: number) => bar.update(value),
    stop: () => bar.stop(),
  };
}

function printRecord(record: ConsumedRecord): void {
  let value: unknown = record.value;
  try {
    value = record.value === null ? null : JSON.parse(record.value);
  } catch {
    // Not JSON: shown as the raw text.
  }
  console.log(JSON.stringify({ partition: record.partition, offset: record.offset, key: record.key, headers: record.headers, value }));
}

async function tail(log: EventLog, topic: string, last: number, follow: boolean): Promise<number> {
  const info = (await log.listTopics()).find((candidate) => candidate.name === topic);
  if (!info) {
    console.error(`No topic "${topic}". Topics: ${(await log.listTopics()).map((t) => t.name).sort().join(', ')}`);
    return 1;
  }
  const next = new Map<number, bigint>();
  for (let partition = 0; partition < info.partitions; partition++) {
    const records = await log.read(topic, { partition, last });
    records.forEach(printRecord);
    next.set(partition, records.length ? BigInt(records[records.length - 1].offset) + 1n : 0n);
  }
  while (follow) {
    for (const [partition, from] of next) {
      const records = await log.read(topic, { partition, fromOffset: from.toString(), limit: 500 });
      records.forEach(printRecord);
      if (records.length) next.set(partition, BigInt(records[records.length - 1].offset) + 1n);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 0;
}

program
  .command('tail <topic>')
  .description('print the last records of a topic (read without a consumer group)')
  .option('-n, --last <n>', 'records per partition', positiveInt, 20)
  .option('-f, --follow', 'keep printing new records')
  .action((topic: string, options: { last: number; follow?: boolean }) =>
    withContext((context) => tail(context.log, topic, options.last, options.follow ?? false)));

program
  .command('reindex <index>')
  .description('rebuild an index into a new physical index and swap the alias (zero downtime)')
  .option('--page-size <n>', 'documents per page', positiveInt, 500)
  .action((index: string, options: { pageSize: number }) =>
    withContext(async (context) => {
      const bar = progressBar(index);
      const onWaitingForWriters = (writers: number) => console.error(waitingForWritersMessage(writers));
      const result = await reindex(context, index, { pageSize: options.pageSize, onStart: bar.start, onProgress: bar.update, onWaitingForWriters }).finally(bar.stop);
      console.log(`${result.index}: ${result.documents} documents in ${result.physicalIndex}` +
        `${result.previous ? ` (replaced ${result.previous})` : ''}, ${result.caughtUp} caught up after the swap` +
        `${result.skippedInCatchUp ? ` (${result.skippedInCatchUp} skipped: the index stage dead-letters them, see \`dlq list index\`)` : ''}` +
        removedDuringBuildNote(result.removed));
    }));

program
  .command('verify')
  .description('compare every aggregate in PostgreSQL with its search document')
  .option('--repair', 'rewrite missing and stale documents, delete extra ones')
  .action((options: { repair?: boolean }) =>
    withContext(async (context) => {
      let differences = 0;
      for (const aggregate of AGGREGATES) {
        const bar = progressBar(aggregate.index);
        bar.start(await context.repository.count(aggregate));
        const report = await verifyAggregate(context, aggregate, { repair: options.repair, onProgress: bar.update }).finally(bar.stop);
        differences += report.missing.length + report.stale.length + report.extra.length;
        console.table([{ index: report.index, checked: report.checked, missing: report.missing.length, stale: report.stale.length, extra: report.extra.length, repaired: report.repaired }]);
        for (const kind of ['missing', 'stale', 'extra'] as const) {
          if (report[kind].length) console.log(`  ${kind}: ${report[kind].slice(0, 20).join(', ')}${report[kind].length > 20 ? ', …' : ''}`);
        }
      }
      return differences && !options.repair ? 1 : 0;
    }));

program
  .command('reset <group>')
  .description('move a stopped consumer group to the earliest offsets or to a point in time, to replay')
  .requiredOption('--to <target>', '"earliest" or an ISO-8601 timestamp', parseResetTarget)
  .option('--topics <topics>', 'comma-separated topics (default: the group\'s own)', (value: string) => value.split(',').filter(Boolean))
  .action((group: string, options: { to: ReturnType<typeof parseResetTarget>; topics?: string[] }) =>
    withContext(async (context) => {
      const topics = await resetGroup(context.log, context.prefix, group, options.to, options.topics);
      console.log(`${group}: offsets reset on ${topics.length} topics`);
    }));

program
  .command('freshness')
  .description('how far the search index is behind the database')
  .action(() => withContext(async (context) => console.log(JSON.stringify(await computeFreshness(context), null, 2))));

program
  .command('produce <topic>')
  .description('put one record on an existing topic (tests and operators: poison a stage, send a corrected record)')
  .requiredOption('--key <json>', 'record key as JSON: 42, \'"abc"\' or \'{"id":1}\'')
  .requiredOption('--value <json|@file>', 'record value as JSON (null: a tombstone), or @path to read it from a file')
  .option('--header <name=value>', 'a record header (repeatable)', (header: string, all: string[]) => [...all, header], [] as string[])
  .option('--raw', 'send the value text as it is, even when it is not JSON')
  .action((topic: string, options: { key: string; value: string; header: string[]; raw?: boolean }) =>
    withContext(async (context) => {
      const value = options.value.startsWith('@') ? readFileSync(options.value.slice(1), 'utf8') : options.value;
      const produced = await produceRecord(context.log, { topic, key: options.key, value, headers: options.header, raw: options.raw });
      console.log(JSON.stringify(produced));
    }));

const groups = program.command('groups').description('consumer groups: live members, lag and last commit');
groups
  .command('list', { isDefault: true })
  .description('list consumer groups (the default of `dsm groups`)')
  .option('--prefix <prefix>', 'only groups whose id starts with this, e.g. dsm.monitor.')
  .action((options: { prefix?: string }) =>
    withContext(async (context) => {
      const summaries = await summarizeGroups(context.log, options.prefix);
      if (!summaries.length) return void console.log('No consumer groups.');
      console.table(summaries.map((group) => ({
        group: group.groupId, members: group.members, lag: group.lag, 'lag (s)': group.lagSeconds, 'last commit': group.lastCommit ?? '-',
      })));
    }));
groups
  .command('delete <group>')
  .description('forget a stopped group: its committed offsets and membership (refused while a member is live)')
  .action((group: string) =>
    withContext(async (context) => {
      await context.log.deleteGroup(group);
      console.log(`${group}: deleted`);
    }));

const dlq = program.command('dlq').description('dead letters of a stage');
dlq
  .command('list <stage>')
  .option('--all', 'include replayed and discarded ones')
  .action((stage: string, options: { all?: boolean }) =>
    withContext(async (context) => {
      const entries = await readDeadLetters(context.log, context.prefix, stageArgument(stage), { includeHandled: options.all });
      for (const entry of entries) console.log(JSON.stringify({ id: entry.id, error: entry.deadLetter.error, failedAt: new Date(entry.deadLetter.failedAt).toISOString(), handled: entry.handled?.action ?? null }));
      console.log(`${entries.length} dead letters`);
    }));
dlq
  .command('replay <stage> [id]')
  .description('put a dead letter (or every unhandled one with --all) back on its topic')
  .option('--all', 'replay every unhandled dead letter of the stage')
  .action((stage: string, id: string | undefined, options: { all?: boolean }) =>
    withContext(async (context) => {
      const parsedStage = stageArgument(stage);
      const ids = options.all ? (await readDeadLetters(context.log, context.prefix, parsedStage)).map((entry) => entry.id) : id ? [id] : [];
      if (!ids.length) return void console.log('Nothing to replay (give an id or --all).');
      for (const each of ids) await replayDeadLetter(context.log, context.prefix, parsedStage, each);
      console.log(`${ids.length} dead letters replayed`);
    }));

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
