import type { ConsumedRecord } from '@dsm/eventlog';
import { HEADER } from './headers';

/** A source transaction some output carries: its id (`__tx`, the trace id) and its commit time. */
export interface SourceTrace {
  tx: string;
  sourceTs: number | null;
}

/** A record's `__source_ts_ms`, or null. */
export const sourceTsOf = (record: ConsumedRecord): number | null =>
  record.headers[HEADER.sourceTs] ? Number(record.headers[HEADER.sourceTs]) : null;

/** The source transactions of records with `__tx` headers (clean, outbox, view), in first-seen order. */
export function tracesOf(records: readonly ConsumedRecord[]): SourceTrace[] {
  return mergeTraces(records.flatMap((record) => (record.headers[HEADER.tx] ? [{ tx: record.headers[HEADER.tx], sourceTs: sourceTsOf(record) }] : [])));
}

/** One entry per transaction, in first-seen order, with its latest commit time. */
export function mergeTraces(traces: readonly SourceTrace[]): SourceTrace[] {
  const merged = new Map<string, SourceTrace>();
  for (const { tx, sourceTs } of traces) {
    const known = merged.get(tx);
    if (!known) merged.set(tx, { tx, sourceTs });
    else if (sourceTs !== null) known.sourceTs = Math.max(known.sourceTs ?? sourceTs, sourceTs);
  }
  return [...merged.values()];
}

/** `__traces`: "tx@sourceTs,…" (a tx id is `<xid>:<lsn>`, so neither separator occurs in it). */
export const encodeTraces = (traces: readonly SourceTrace[]): string =>
  traces.map(({ tx, sourceTs }) => `${tx}@${sourceTs ?? ''}`).join(',');

export function decodeTraces(value: string): SourceTrace[] {
  return value.split(',').filter(Boolean).map((part) => {
    const at = part.lastIndexOf('@');
    const ts = at < 0 ? '' : part.slice(at + 1);
    return { tx: at < 0 ? part : part.slice(0, at), sourceTs: ts === '' || !Number.isFinite(Number(ts)) ? null : Number(ts) };
  });
}

/**
 * The source transactions behind a group of view records: the `__traces` the view put on one of
 * them (every transaction the group applies), or else their own `__tx` headers (a view without it,
 * e.g. ksqlDB, or outbox records, which carry their transaction each).
 */
export function viewTracesOf(records: readonly ConsumedRecord[]): SourceTrace[] {
  const listed = records.find((record) => record.headers[HEADER.traces])?.headers[HEADER.traces];
  return listed ? decodeTraces(listed) : tracesOf(records);
}
