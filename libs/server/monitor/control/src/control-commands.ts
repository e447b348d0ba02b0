import { discardDeadLetter, replayDeadLetter, type EventLog, type PipelineStage, type ResetTarget } from '@dsm/eventlog';
import type { ControlRequest, Stage } from '@dsm/contracts';
import type { StatusUpdate } from './control-status.publisher';

export type ReindexProgress = (done: number, total: number | null) => void;
/** What the reindex waits for, shown beside its progress until the next progress report. */
export type ReindexNote = (message: string) => void;

export interface ControlWorkerDeps {
  eventLog: EventLog;
  prefix: string;
  stages: Map<Stage, PipelineStage>;
  stageGroups: Partial<Record<Stage, string>>;
  /** Runs a zero-downtime reindex (e.g. `reindex` of @dsm/stages); only on the worker that indexes. */
  reindex?: (index: string | undefined, progress: ReindexProgress, note: ReindexNote) => Promise<string | void>;
}

/** Runs a command; resolves with the message of its `done` answer. */
export type CommandRun = (report: (update: StatusUpdate) => Promise<void>) => Promise<string>;

/** The work for one command on this worker, or null when the command is for another worker. */
export function planCommand(deps: ControlWorkerDeps, request: ControlRequest): CommandRun | null {
  const { command } = request;
  if (command.type === 'reindex') {
    const reindex = deps.reindex;
    return reindex ? (report) => runReindex(reindex, command.index, report) : null;
  }
  const stage = deps.stages.get(command.stage);
  if (!stage) return null;
  switch (command.type) {
    case 'pause-stage':
      return async () => {
        stage.pause();
        return `${command.stage} paused`;
      };
    case 'resume-stage':
      return async () => {
        stage.resume();
        return `${command.stage} resumed`;
      };
    case 'reset-group':
      return () => resetGroup(deps, stage, command.to);
    case 'replay-dead-letter':
      return async () => {
        await replayDeadLetter(deps.eventLog, deps.prefix, command.stage, command.id);
        return `dead letter ${command.id} replayed`;
      };
    case 'discard-dead-letter':
      return async () => {
        await discardDeadLetter(deps.eventLog, deps.prefix, command.stage, command.id);
        return `dead letter ${command.id} discarded`;
      };
  }
}

/** A group's offsets can only move while no member runs: stop the stage, move them, start it again. */
async function resetGroup(deps: ControlWorkerDeps, stage: PipelineStage, to: ResetTarget): Promise<string> {
  const groupId = deps.stageGroups[stage.name];
  if (!groupId) throw new Error(`No consumer group is configured for ${stage.name}`);
  const topics = [...new Set((await deps.eventLog.describeLag(groupId)).map((partition) => partition.topic))];
  await stage.stop();
  try {
    if (topics.length > 0) await deps.eventLog.resetOffsets(groupId, topics, to);
  } finally {
    await stage.start();
  }
  return `${groupId} reset to ${typeof to === 'string' ? to : new Date(to.timestamp).toISOString()}`;
}

async function runReindex(
  reindex: NonNullable<ControlWorkerDeps['reindex']>,
  index: string | undefined,
  report: (update: StatusUpdate) => Promise<void>,
): Promise<string> {
  let lastReport = 0;
  // Reports are chained so the last progress record is written before the `done` answer.
  let reported = Promise.resolve();
  const progress: ReindexProgress = (done, total) => {
    // At most one progress record a second: a progress bar needs no more.
    if (Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    reported = reported.then(() => report({ state: 'progress', progress: { done, total } })).catch(() => undefined);
  };
  const note: ReindexNote = (message) => {
    reported = reported.then(() => report({ state: 'progress', message })).catch(() => undefined);
  };
  const message = await reindex(index, progress, note);
  await reported;
  return message ?? `reindex${index ? ` of ${index}` : ''} done`;
}
