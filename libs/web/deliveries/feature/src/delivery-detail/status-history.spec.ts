import { TestBed } from '@angular/core/testing';
import type { StatusChangeEntry } from '@dsm/web/data-access';
import { describe, expect, it } from 'vitest';
import { StatusHistory } from './status-history';

const delivered: StatusChangeEntry = {
  id: 'ev-3', at: '2026-11-20T12:30:00.000Z', attempt: 1, from: 'in_transit', to: 'delivered', actor: 'ada@dsm.local', reason: 'Left at the door',
};
const dispatched: StatusChangeEntry = {
  id: 'ev-1', at: '2026-11-20T12:00:00.000Z', attempt: 1, from: 'created', to: 'dispatched', actor: null, reason: null,
};

function render(entries: readonly StatusChangeEntry[]): HTMLElement {
  const fixture = TestBed.createComponent(StatusHistory);
  fixture.componentRef.setInput('entries', entries);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const textOf = (element: Element) => element.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('StatusHistory', () => {
  it('lists the changes in the order given (newest first): when, from → to, attempt, who and why', () => {
    const element = render([delivered, dispatched]);

    const items = element.querySelectorAll('ol[aria-label="State changes (audit)"] > li');
    expect(Array.from(items, (item) => item.querySelector('.move')?.textContent)).toEqual(['In transit → Delivered', 'Created → Dispatched']);
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe(delivered.at);
    expect(textOf(items[0])).toContain('Nov 20, 2026');
    expect(textOf(items[0])).toContain('attempt 1 · by ada@dsm.local');
    expect(textOf(items[0])).toContain('“Left at the door”');
  });

  it('credits a change without a person to the system and shows no empty reason', () => {
    const element = render([dispatched]);

    const item = element.querySelector('li');
    expect(item?.querySelector('.meta')?.textContent).toBe('attempt 1 · by the system');
    expect(item?.querySelector('.reason')).toBeNull();
  });

  it('says the audit index has nothing yet when there are no entries', () => {
    const element = render([]);

    const items = element.querySelectorAll('li');
    expect(items).toHaveLength(1);
    expect(textOf(items[0])).toBe('No state changes in the audit index yet.');
  });
});
