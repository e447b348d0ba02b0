import { TestBed } from '@angular/core/testing';
import { completeThrough, pendingProgress } from '@dsm/web/util';
import { describe, expect, it } from 'vitest';
import { FollowChangePanel } from './follow-change-panel';

describe('FollowChangePanel', () => {
  it('shows the finished steps with their times and the pending ones without', async () => {
    const fixture = TestBed.createComponent(FollowChangePanel);
    fixture.componentRef.setInput('progress', completeThrough(pendingProgress('4711', 'Delivery #3 created'), 'clean', 42));
    await fixture.whenStable();

    const items = Array.from(fixture.nativeElement.querySelectorAll('li') as NodeListOf<HTMLElement>);
    const steps = items.map((li) => [li.querySelector('.label')?.textContent, li.querySelector('.time')?.textContent ?? null]);
    expect(steps).toEqual([
      ['Captured', '42 ms'],
      ['Cleaned', '42 ms'],
      ['Joined', null],
      ['Indexed', null],
      ['Searchable', null],
    ]);
    expect(fixture.nativeElement.textContent).toContain('Transaction 4711');
  });
});
