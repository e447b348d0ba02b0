import * as hdr from 'hdr-histogram-js';
import type { LatencyFigures } from '@dsm/contracts';

export type LatencyHistogram = hdr.Histogram;

/** One hour in ms: latencies beyond it are clamped (the stage is down at that point anyway). */
const HIGHEST_MS = 3_600_000;

/** An HDR histogram of milliseconds with 3 significant digits (±0.1 %), packed to stay small. */
export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_MS,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 'packed',
    autoResize: false,
    useWebAssembly: false,
  });
}

export function recordLatency(histogram: LatencyHistogram, latencyMs: number): void {
  histogram.recordValue(Math.min(HIGHEST_MS, Math.max(0, Math.round(latencyMs))));
}

/** Percentiles of the merged histograms (each histogram covers one slice of the window). */
export function summarizeLatency(histograms: LatencyHistogram[], scratch: LatencyHistogram): LatencyFigures {
  scratch.reset();
  for (const histogram of histograms) if (histogram.totalCount > 0) scratch.add(histogram);
  if (scratch.totalCount === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  return {
    count: scratch.totalCount,
    p50: scratch.getValueAtPercentile(50),
    p95: scratch.getValueAtPercentile(95),
    p99: scratch.getValueAtPercentile(99),
    max: scratch.maxValue,
  };
}
