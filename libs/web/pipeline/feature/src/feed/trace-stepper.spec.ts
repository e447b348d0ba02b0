import { TestBed } from '@angular/core/testing';
import { trace } from '@dsm/web/pipeline/data-access/testing';
import { describe, expect, it } from 'vitest';
import { TraceStepper } from './trace-stepper';
import { trailOf } from './trace-trail';

describe('TraceStepper', () => {
  it('shows each hop from commit to searchable with its time after the commit', async () => {
    const fixture = TestBed.createComponent(TraceStepper);
    fixture.componentRef.setInput('traceId', '77');
    fixture.componentRef.setInput('trace', trace('77'));
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    const steps = Array.from(element.querySelectorAll('li')).map((li) => [li.querySelector('.label')?.textContent, li.querySelector('.time')?.textContent ?? null]);
    expect(steps).toEqual([
      ['Committed', '+0 ms'],
      ['Captured', '+10 ms'],
      ['Cleaned', '+30 ms'],
      ['Joined', '+60 ms'],
      ['Indexed', '+90 ms'],
      ['Searchable', '+90 ms'],
    ]);
    expect(element.querySelector('[data-testid="trace-status"]')?.textContent).toContain('Searchable');
  });

  it('waits for a transaction the monitor has not seen yet', async () => {
    const fixture = TestBed.createComponent(TraceStepper);
    fixture.componentRef.setInput('traceId', '78');
    await fixture.whenStable();

    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Waiting for the pipeline');
  });
});

describe('trailOf', () => {
  it('times the hops from the first one when no stage reported a commit time', () => {
    const steps = trailOf(trace('79', { commitAt: null, searchableAt: null }));

    expect(steps.map((step) => [step.label, step.afterMs])).toEqual([
      ['Committed', null],
      ['Captured', 0],
      ['Cleaned', 20],
      ['Joined', 50],
      ['Indexed', 80],
      ['Searchable', null],
    ]);
  });
});
