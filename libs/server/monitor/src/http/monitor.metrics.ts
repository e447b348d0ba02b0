import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StageFigures } from '@dsm/contracts';
import type { MonitorService } from '../monitor/monitor.service';

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The dashboard's figures in Prometheus form: counters and a latency histogram fed by the stage
 * events, gauges read from the aggregator at scrape time. A registry of its own, so several
 * monitors (tests, instances) never collide in prom-client's global one.
 */
export function createMonitorMetrics(monitor: MonitorService, registry = new Registry()): Registry {
  const stage = ['stage'] as const;
  const events = new Counter({ name: 'dsm_pipeline_stage_events_total', help: 'Stage events reported', labelNames: stage, registers: [registry] });
  const errors = new Counter({ name: 'dsm_pipeline_stage_errors_total', help: 'Stage events reporting an error', labelNames: stage, registers: [registry] });
  const latency = new Histogram({
    name: 'dsm_pipeline_stage_latency_seconds',
    help: 'Source commit to durable stage output',
    labelNames: stage,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  monitor.onStageEvents((batch) => {
    for (const event of batch) {
      events.inc({ stage: event.stage });
      if (event.error !== undefined) errors.inc({ stage: event.stage });
      else if (event.latencyMs !== null) latency.observe({ stage: event.stage }, event.latencyMs / 1000);
    }
  });
  registerGauges(monitor, registry);
  return registry;
}

function registerGauges(monitor: MonitorService, registry: Registry): void {
  let cached: { at: number; figures: StageFigures[] } | undefined;
  // One aggregation per scrape, shared by every gauge's collect.
  const figures = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 500) cached = { at: now, figures: monitor.aggregator.figures() };
    return cached.figures;
  };
  const perStage = (name: string, help: string, read: (stage: StageFigures) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['stage'],
      registers: [registry],
      collect() {
        this.reset();
        for (const stage of figures()) {
          const value = read(stage);
          if (value !== null) this.set({ stage: stage.stage }, value);
        }
      },
    });
  perStage('dsm_pipeline_consumer_lag_records', 'Records waiting for the stage', (stage) => stage.lag?.records ?? null);
  perStage('dsm_pipeline_consumer_lag_seconds', 'Age of the oldest record waiting for the stage', (stage) => stage.lag?.seconds ?? null);
  perStage('dsm_pipeline_dead_letters', 'Records in the stage dead-letter topic', (stage) => stage.deadLetters);
  perStage('dsm_pipeline_events_per_second', 'Stage events per second over the last 10 seconds', (stage) => stage.eventsPerSecond);
  perStage('dsm_pipeline_stage_up', '1 when the stage is up, idle or degraded; 0 when down or unknown', (stage) =>
    stage.health === 'down' || stage.health === 'unknown' ? 0 : 1,
  );
  new Gauge({
    name: 'dsm_pipeline_latency_window_milliseconds',
    help: 'Latency percentiles over the last minute (HDR histogram)',
    labelNames: ['stage', 'quantile'],
    registers: [registry],
    collect() {
      this.reset();
      for (const stage of figures()) {
        const { p50, p95, p99, max } = stage.latencyMs;
        for (const [quantile, value] of [['0.5', p50], ['0.95', p95], ['0.99', p99], ['1', max]] as const) this.set({ stage: stage.stage, quantile }, value);
      }
    },
  });
  new Gauge({
    name: 'dsm_pipeline_slot_retained_wal_bytes',
    help: 'WAL the replication slot keeps on disk',
    labelNames: ['slot'],
    registers: [registry],
    collect() {
      this.reset();
      const slot = monitor.aggregator.slotFigures();
      if (slot) this.set({ slot: slot.name }, slot.retainedWalBytes);
    },
  });
}
