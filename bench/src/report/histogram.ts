import * as hdr from 'hdr-histogram-js';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles (ms) through an HDR histogram: 3 significant digits from 1 µs to 1 hour. */
export function percentiles(valuesMs: number[]): Percentiles {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  for (const value of valuesMs) histogram.recordValue(Math.max(1, Math.round(value * 1000)));
  const at = (percentile: number) => round(histogram.getValueAtPercentile(percentile) / 1000);
  const summary = { count: valuesMs.length, p50: at(50), p95: at(95), p99: at(99), max: round(histogram.maxValue / 1000) };
  histogram.destroy();
  return valuesMs.length ? summary : { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
