import { type AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from '@dsm/contracts';
import type { PipelineState } from './pipeline-state';

export interface PipelineAlert {
  id: string;
  severity: 'warning' | 'error';
  message: string;
}

/** The banners the dashboard shows for the current figures, most severe first. */
export function alertsOf(state: PipelineState, thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): PipelineAlert[] {
  const alerts: PipelineAlert[] = [];
  for (const stage of state.stages) {
    if (stage.health === 'down')
      alerts.push({
        id: `down:${stage.stage}`,
        severity: 'error',
        message: `The ${stage.stage} stage is down: work is waiting and nothing reports (limit ${thresholds.stageDownSeconds} s)`,
      });
    if (stage.lag && stage.lag.seconds > thresholds.lagSeconds)
      alerts.push({
        id: `lag:${stage.stage}`,
        severity: 'warning',
        message: `The ${stage.stage} stage is ${Math.round(stage.lag.seconds)} s behind (${stage.lag.records} records waiting; limit ${thresholds.lagSeconds} s)`,
      });
  }
  if (state.slot && state.slot.retainedWalBytes > thresholds.slotWalBytes)
    alerts.push({
      id: 'slot-wal',
      severity: 'warning',
      message: `Replication slot ${state.slot.name} keeps ${formatBytes(state.slot.retainedWalBytes)} of WAL on disk (limit ${formatBytes(thresholds.slotWalBytes)})`,
    });
  return alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
