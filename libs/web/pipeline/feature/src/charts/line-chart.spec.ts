import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { LineChart, linePath } from './line-chart';
import { windowMinutes } from './stage-charts';

describe('linePath', () => {
  it('scales values to the chart and breaks the line where a minute is unknown', () => {
    expect(linePath([0, 50, null, 100], 30, 10, 100)).toBe('M0,10 L10,5 M30,0');
  });

  it('clamps values above the scale to the top edge', () => {
    expect(linePath([200], 30, 10, 100)).toBe('M0,0');
  });
});

describe('windowMinutes', () => {
  it('lists the starts of the last 15 minutes, oldest first, ending with the current one', () => {
    const minutes = windowMinutes(20 * 60_000 + 5_000);
    expect(minutes).toHaveLength(15);
    expect([minutes[0], minutes.at(-1)]).toEqual([6 * 60_000, 20 * 60_000]);
  });
});

describe('LineChart', () => {
  it('draws one path per series and names the latest values for screen readers', async () => {
    const fixture = TestBed.createComponent(LineChart);
    fixture.componentRef.setInput('title', 'Latency');
    fixture.componentRef.setInput('unit', 'ms');
    fixture.componentRef.setInput('series', [
      { label: 'p50', values: [10, 20] },
      { label: 'p99', values: [40, null] },
    ]);
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelectorAll('path')).toHaveLength(2);
    expect(element.querySelector('svg')?.getAttribute('aria-label')).toBe('Latency: p50 20 ms, p99 –');
  });
});
