import { TestBed } from '@angular/core/testing';
import type { NotificationLogEntry } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { NotificationLog } from './notification-log';

const sent: NotificationLogEntry = {
  eventId: 'e1', eventType: 'order.created', type: 'order_confirmation', status: 'sent',
  recipient: 'ada@example.com', recipientName: 'Ada Lovelace', subject: 'Your order PO-7', messageId: 'm1',
  customerId: 2, orderId: 7, invoiceId: null, deliveryId: null, attempts: 2,
  // A send that succeeded on its second try keeps the first try's error: it is history, not news.
  lastError: 'connection reset',
  createdAt: '2026-11-20T12:00:00.000Z', updatedAt: '2026-11-20T12:00:05.000Z', sentAt: '2026-11-20T12:00:05.000Z',
};
const failed: NotificationLogEntry = {
  ...sent, eventId: 'e2', type: 'delivery_failed', status: 'failed', subject: 'Delivery #5 failed', deliveryId: 5,
  lastError: '550 mailbox unavailable', sentAt: null, createdAt: '2026-11-21T12:00:00.000Z',
};

function render(entries: readonly NotificationLogEntry[]): HTMLElement {
  const fixture = TestBed.createComponent(NotificationLog);
  fixture.componentRef.setInput('entries', entries);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

function cellsOf(row: Element): string[] {
  return Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

describe('NotificationLog', () => {
  it('shows one row per e-mail: when it was sent, to whom, what, and its status', () => {
    const element = render([sent]);

    const rows = element.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(1);
    const [when, to, what, status] = cellsOf(rows[0]);
    expect(when).toContain('Nov 20, 2026');
    expect(rows[0].querySelector('time')?.getAttribute('datetime')).toBe(sent.sentAt);
    expect(to).toBe('Ada Lovelace <ada@example.com>');
    expect(what).toBe('Order confirmation: Your order PO-7');
    expect(status).toBe('Sent');
  });

  it('dates an unsent e-mail by when it was queued and says why it failed', () => {
    const element = render([sent, failed]);

    const row = element.querySelectorAll('tbody tr')[1];
    expect(row.querySelector('time')?.getAttribute('datetime')).toBe(failed.createdAt);
    const status = row.querySelectorAll('td')[3];
    expect(status.querySelector('dsm-status-chip')?.textContent?.trim()).toBe('Failed');
    expect(status.querySelector('.why')?.textContent).toBe('550 mailbox unavailable');
  });

  it('labels the table for screen readers and its columns as headers', () => {
    const element = render([sent]);

    expect(element.querySelector('table caption')?.textContent).toBe('E-mails sent');
    expect(Array.from(element.querySelectorAll('th[scope=col]'), (th) => th.textContent)).toEqual(['When', 'To', 'What', 'Status']);
  });

  it('says so when no e-mail was sent, without an empty table', () => {
    const element = render([]);

    expect(element.querySelector('table')).toBeNull();
    expect(element.textContent?.trim()).toBe('No e-mails sent yet.');
  });
});
