import type { HistoryPoint, LagFigures, Stage, StageEvent } from '@dsm/contracts';
import { createLatencyHistogram, recordLatency, summarizeLatency, type LatencyHistogram } from './latency-histogram';
import { TimeBuckets } from './time-buckets';

interface Counts {
  events: number;
  errors: number;
}

interface MinuteBucket extends Counts {
  histogram: LatencyHistogram;
  lagSeconds: number | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const LIVE_SLICE = 10 * SECOND;

export interface StageWindows {
  /** Minutes of history kept for the charts. */
  historyMinutes: number;
}

/** Raw figures of one stage: rates over sliding windows and HDR latency per 10 s and per minute. */
export class StageAggregator {
  lastEventAt: number | null = null;
  totalEvents = 0;
  totalErrors = 0;
  lag: LagFigures | null = null;
  deadLetters: number | null = null;
  paused: boolean | null = null;

  private readonly seconds = new TimeBuckets<Counts>(SECOND, 61, newCounts, clearCounts);
  private readonly liveLatency = new TimeBuckets<LatencyHistogram>(LIVE_SLICE, 6, createLatencyHistogram, (h) => h.reset());
  private readonly minutes: TimeBuckets<MinuteBucket>;
  private readonly scratch = createLatencyHistogram();

  constructor(
    readonly stage: Stage,
    windows: StageWindows,
  ) {
    this.minutes = new TimeBuckets<MinuteBucket>(MINUTE, windows.historyMinutes, newMinute, clearMinute);
  }

  /** Counts the event in the time slot of its own `at` (clamped to `now`), so rates reflect the stage, not our consumer. */
  record(event: StageEvent, now: number): void {
    const at = Math.min(event.at, now);
    const failed = event.error !== undefined;
    this.totalEvents += 1;
    if (failed) this.totalErrors += 1;
    this.lastEventAt = Math.max(this.lastEventAt ?? at, at);
    const second = this.seconds.bucketAt(at, now);
    const minute = this.minutes.bucketAt(at, now);
    if (second) addCounts(second, failed);
    if (minute) addCounts(minute, failed);
    if (event.latencyMs === null || failed) return;
    const slice = this.liveLatency.bucketAt(at, now);
    if (slice) recordLatency(slice, event.latencyMs);
    if (minute) recordLatency(minute.histogram, event.latencyMs);
  }

  setLag(lag: LagFigures | null, now: number): void {
    this.lag = lag;
    const minute = this.minutes.bucketAt(now, now);
    if (minute && lag) minute.lagSeconds = Math.max(minute.lagSeconds ?? 0, lag.seconds);
  }

  /** Events per second over the last `seconds` full seconds (the running second is left out). */
  rate(now: number, seconds: number): number {
    const buckets = this.seconds.recent(now, seconds + 1).filter((bucket) => bucket.start < this.seconds.startOf(now));
    return buckets.reduce((sum, bucket) => sum + bucket.value.events, 0) / seconds;
  }

  errorsSince(now: number, seconds: number): number {
    return this.seconds.recent(now, seconds).reduce((sum, bucket) => sum + bucket.value.errors, 0);
  }

  latency(now: number) {
    return summarizeLatency(this.liveLatency.recent(now).map((slice) => slice.value), this.scratch);
  }

  history(now: number): HistoryPoint[] {
    return this.minutes.recent(now).map(({ start, value }) => this.toPoint(start, value, now));
  }

  currentPoint(now: number): HistoryPoint {
    const start = this.minutes.startOf(now);
    const bucket = this.minutes.bucketAt(now, now) ?? newMinute();
    return this.toPoint(start, bucket, now);
  }

  private toPoint(start: number, bucket: MinuteBucket, now: number): HistoryPoint {
    const latency = summarizeLatency([bucket.histogram], this.scratch);
    const elapsedSeconds = Math.max(1, Math.min(MINUTE, now - start) / SECOND);
    return {
      minute: start,
      events: bucket.events,
      errors: bucket.errors,
      eventsPerSecond: bucket.events / elapsedSeconds,
      p50: latency.p50,
      p99: latency.p99,
      max: latency.max,
      lagSeconds: bucket.lagSeconds,
    };
  }
}

function newCounts(): Counts {
  return { events: 0, errors: 0 };
}

function clearCounts(counts: Counts): void {
  counts.events = 0;
  counts.errors = 0;
}

function addCounts(counts: Counts, failed: boolean): void {
  counts.events += 1;
  if (failed) counts.errors += 1;
}

function newMinute(): MinuteBucket {
  return { events: 0, errors: 0, histogram: createLatencyHistogram(), lagSeconds: null };
}

function clearMinute(bucket: MinuteBucket): void {
  clearCounts(bucket);
  bucket.histogram.reset();
  bucket.lagSeconds = null;
}
