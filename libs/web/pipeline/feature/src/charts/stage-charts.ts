import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type HistoryPoint, STAGES, type StageHistory } from '@dsm/contracts';
import { type ChartSeries, LineChart } from './line-chart';

const WINDOW_MINUTES = 15;
const MINUTE = 60_000;

interface StageChartSet {
  stage: string;
  throughput: ChartSeries[];
  latency: ChartSeries[];
  lag: ChartSeries[];
}

/** Throughput, p50/p99 latency and lag in seconds per stage over the last 15 minutes. */
@Component({
  selector: 'dsm-stage-charts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LineChart],
  template: `
    <div class="grid">
      @for (charts of perStage(); track charts.stage) {
        <section class="stage" [attr.aria-label]="charts.stage + ' charts'">
          <h3>{{ charts.stage }}</h3>
          <dsm-line-chart title="Throughput" unit="ev/s" [series]="charts.throughput" />
          <dsm-line-chart title="Latency" unit="ms" [series]="charts.latency" />
          <dsm-line-chart title="Lag" unit="s" [series]="charts.lag" />
        </section>
      }
    </div>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; }
    h3 { margin: 0 0 4px; text-transform: capitalize; font-size: 14px; }
    .stage { display: flex; flex-direction: column; gap: 6px; }
  `,
})
export class StageCharts {
  readonly history = input.required<StageHistory[]>();
  /** The server's clock (the snapshot's `at`), so the window does not depend on the browser's. */
  readonly at = input.required<number>();

  protected readonly perStage = computed(() => {
    const minutes = windowMinutes(this.at());
    return STAGES.map((stage): StageChartSet => {
      const byMinute = new Map((this.history().find((entry) => entry.stage === stage)?.points ?? []).map((point) => [point.minute, point]));
      const values = (pick: (point: HistoryPoint) => number | null) => minutes.map((minute) => (byMinute.has(minute) ? pick(byMinute.get(minute) as HistoryPoint) : null));
      return {
        stage,
        throughput: [{ label: 'events/s', values: values((point) => point.eventsPerSecond) }],
        latency: [
          { label: 'p50', values: values((point) => point.p50) },
          { label: 'p99', values: values((point) => point.p99) },
        ],
        lag: [{ label: 'lag', values: values((point) => point.lagSeconds) }],
      };
    });
  });
}

/** The start of each of the last 15 minutes, oldest first. */
export function windowMinutes(at: number): number[] {
  const current = Math.floor(at / MINUTE) * MINUTE;
  return Array.from({ length: WINDOW_MINUTES }, (_, index) => current - (WINDOW_MINUTES - 1 - index) * MINUTE);
}
