import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_THRESHOLDS } from '@dsm/contracts';
import { alertsOf, formatBytes } from './pipeline-alerts';
import { MAX_FEED_TRACES, applyDelta, fromSnapshot } from './pipeline-state';
import { historyPoint, snapshot, stageFigures, trace } from './testing/pipeline-fixtures';

const MINUTE = 60_000;

describe('pipeline state', () => {
  it('replaces the current minute of a stage and appends a new one, dropping points older than 15 minutes', () => {
    const state = fromSnapshot(snapshot({ history: [{ stage: 'etl', points: [historyPoint(0), historyPoint(5 * MINUTE), historyPoint(6 * MINUTE, { events: 1 })] }] }));

    const next = applyDelta(state, {
      at: 20 * MINUTE,
      stages: state.stages,
      slot: state.slot,
      history: [
        { stage: 'etl', point: historyPoint(6 * MINUTE, { events: 99 }) },
        { stage: 'index', point: historyPoint(20 * MINUTE) },
      ],
      traces: [],
    });

    expect(next.history.find((entry) => entry.stage === 'etl')?.points.map((point) => [point.minute / MINUTE, point.events])).toEqual([
      [5, 60],
      [6, 99],
    ]);
    expect(next.history.find((entry) => entry.stage === 'index')?.points).toHaveLength(1);
  });

  it('moves updated transactions to the top of the feed without duplicates and keeps it bounded', () => {
    const known = Array.from({ length: MAX_FEED_TRACES }, (_, index) => trace(String(index)));
    const state = fromSnapshot(snapshot({ recentTraces: known }));

    const next = applyDelta(state, { at: 1, stages: [], slot: null, history: [], traces: [trace('7', { searchableAt: 5 }), trace('new')] });

    expect(next.traces.slice(0, 3).map((item) => item.traceId)).toEqual(['7', 'new', '0']);
    expect(next.traces).toHaveLength(MAX_FEED_TRACES);
    expect(next.traces.filter((item) => item.traceId === '7')).toHaveLength(1);
  });
});

describe('alertsOf', () => {
  it('raises a stage-down error before lag and slot warnings above their thresholds', () => {
    const state = fromSnapshot(
      snapshot({
        stages: [stageFigures('etl', { lag: { records: 500, seconds: DEFAULT_ALERT_THRESHOLDS.lagSeconds + 1 } }), stageFigures('index', { health: 'down' }), stageFigures('view', { lag: { records: 3, seconds: 2 } })],
        slot: { name: 'dsm_slot', retainedWalBytes: DEFAULT_ALERT_THRESHOLDS.slotWalBytes + 1, active: true },
      }),
    );

    const alerts = alertsOf(state);

    expect(alerts.map((alert) => alert.id)).toEqual(['down:index', 'lag:etl', 'slot-wal']);
    expect(alerts[1]?.message).toContain('31 s behind (500 records waiting; limit 30 s)');
  });

  it('uses the configured thresholds and names them in the messages', () => {
    const state = fromSnapshot(
      snapshot({
        stages: [stageFigures('etl', { lag: { records: 5, seconds: 8 } }), stageFigures('index', { health: 'down' })],
        slot: { name: 'dsm_slot', retainedWalBytes: 2 * 1024 * 1024, active: true },
      }),
    );
    const strict = { lagSeconds: 5, slotWalBytes: 1024 * 1024, stageDownSeconds: 60 };

    const alerts = alertsOf(state, strict);

    expect(alerts.map((alert) => alert.message)).toEqual([
      'The index stage is down: work is waiting and nothing reports (limit 60 s)',
      'The etl stage is 8 s behind (5 records waiting; limit 5 s)',
      'Replication slot dsm_slot keeps 2.0 MiB of WAL on disk (limit 1.0 MiB)',
    ]);
    expect(alertsOf(state, { ...strict, lagSeconds: 10, slotWalBytes: 4 * 1024 * 1024 }).map((alert) => alert.id)).toEqual(['down:index']);
  });

  it('stays quiet for a healthy pipeline', () => {
    expect(alertsOf(fromSnapshot(snapshot()))).toEqual([]);
  });

  it('formats WAL sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(300 * 1024 * 1024)]).toEqual(['512 B', '1.5 KiB', '300 MiB']);
  });
});
