/**
 * A ring of fixed-width time buckets (e.g. 60 one-second or 15 one-minute buckets). A bucket is
 * reused in place once its slot comes round again, so memory stays constant whatever the rate.
 */
export class TimeBuckets<T> {
  private readonly starts: number[];
  private readonly values: T[];

  constructor(
    private readonly widthMs: number,
    private readonly count: number,
    private readonly create: () => T,
    private readonly clear: (value: T) => void,
  ) {
    this.starts = new Array<number>(count).fill(-Infinity);
    this.values = Array.from({ length: count }, create);
  }

  /** The bucket holding time `at`, or null when `at` has already left the window that ends at `now`. */
  bucketAt(at: number, now: number): T | null {
    const start = this.startOf(at);
    if (start <= this.startOf(now) - this.count * this.widthMs) return null;
    const index = this.indexOf(start);
    if (this.starts[index] === start) return this.values[index];
    if (this.starts[index] > start) return null;
    this.clear(this.values[index]);
    this.starts[index] = start;
    return this.values[index];
  }

  /** Buckets of the last `span` widths up to `now`, oldest first, with their start times. */
  recent(now: number, span = this.count): { start: number; value: T }[] {
    const newest = this.startOf(now);
    const result: { start: number; value: T }[] = [];
    for (let start = newest - (Math.min(span, this.count) - 1) * this.widthMs; start <= newest; start += this.widthMs) {
      const index = this.indexOf(start);
      if (this.starts[index] === start) result.push({ start, value: this.values[index] });
    }
    return result;
  }

  startOf(at: number): number {
    return Math.floor(at / this.widthMs) * this.widthMs;
  }

  private indexOf(start: number): number {
    return Math.floor(start / this.widthMs) % this.count;
  }
}
