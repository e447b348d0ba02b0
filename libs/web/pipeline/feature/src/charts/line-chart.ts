import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface ChartSeries {
  label: string;
  /** One value per minute, oldest first; null where the figure was unknown. */
  values: (number | null)[];
}

const WIDTH = 240;
const HEIGHT = 56;

/** A hand-made SVG line chart: no chart library, one path per series scaled to the largest value. */
@Component({
  selector: 'dsm-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart">
      <figcaption>
        <span class="title">{{ title() }}</span>
        @for (line of lines(); track line.label) {
          <span class="legend" [class]="'series-' + $index">{{ line.label }} {{ line.last }}</span>
        }
      </figcaption>
      <svg [attr.viewBox]="viewBox" preserveAspectRatio="none" role="img" [attr.aria-label]="summary()">
        <line class="axis" x1="0" [attr.y1]="height" [attr.x2]="width" [attr.y2]="height" />
        @for (line of lines(); track line.label) {
          <path [attr.d]="line.path" [class]="'series-' + $index" fill="none" vector-effect="non-scaling-stroke" />
        }
      </svg>
    </figure>
  `,
  styles: `
    .chart { margin: 0; }
    figcaption { display: flex; gap: 8px; font-size: 12px; flex-wrap: wrap; }
    .title { font-weight: 500; }
    svg { width: 100%; height: 56px; display: block; }
    .axis { stroke: #ccc; stroke-width: 1; }
    path { stroke-width: 2; }
    path.series-0 { stroke: #3f51b5; }
    path.series-1 { stroke: #e91e63; }
    .legend.series-0 { color: #3f51b5; }
    .legend.series-1 { color: #c2185b; }
  `,
})
export class LineChart {
  readonly title = input.required<string>();
  readonly unit = input('');
  readonly series = input.required<ChartSeries[]>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly viewBox = `0 0 ${WIDTH} ${HEIGHT}`;
  protected readonly lines = computed(() => {
    const max = Math.max(1, ...this.series().flatMap((series) => series.values.filter((value): value is number => value !== null)));
    return this.series().map((series) => ({
      label: series.label,
      path: linePath(series.values, WIDTH, HEIGHT, max),
      last: formatValue(series.values.at(-1) ?? null, this.unit()),
    }));
  });
  protected readonly summary = computed(() => `${this.title()}: ${this.lines().map((line) => `${line.label} ${line.last}`).join(', ')}`);
}

/** SVG path data; a null value breaks the line so an unknown minute is not drawn as zero. */
export function linePath(values: (number | null)[], width: number, height: number, max: number): string {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = round(index * step);
    const y = round(height - (Math.min(value, max) / max) * height);
    path += `${drawing ? 'L' : 'M'}${x},${y} `;
    drawing = true;
  });
  return path.trim();
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  const shown = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown}${unit ? ` ${unit}` : ''}`;
}
