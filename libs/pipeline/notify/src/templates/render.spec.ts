import { NOTIFICATION_TYPES } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { renderPreview } from './preview';

describe('notification templates', () => {
  it.each(NOTIFICATION_TYPES)('renders %s as a subject, a plain-text part and a full HTML part', (type) => {
    const email = renderPreview(type);

    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.text).toContain('Hello Ada Lovelace,');
    expect(email.text).toContain('Northwind Logistics');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('Hello Ada Lovelace,');
    expect(email.html).not.toMatch(/<(script|link|img)\b/);
  });

  it('escapes names in the HTML part and keeps them verbatim in the text part', () => {
    const email = renderPreview('order_confirmation', { customerName: '<b>Eve</b> & "Co"', organizationName: "O'Hare <Freight>" });

    expect(email.html).toContain('&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(email.html).toContain('O&#39;Hare &lt;Freight&gt;');
    expect(email.html).not.toContain('<b>Eve</b>');
    expect(email.text).toContain('Hello <b>Eve</b> & "Co",');
  });

  it('puts amount, due date and organization name into the invoice e-mail', () => {
    const email = renderPreview('invoice_created', { amount: 98765.4, dueDate: '2027-01-31', invoiceNumber: 'INV-9', organizationName: 'Acme' });

    expect(email.subject).toBe('Invoice INV-9 from Acme');
    expect(email.text).toContain('Amount: 98,765.40');
    expect(email.text).toContain('Due date: 2027-01-31');
    expect(email.html).toContain('98,765.40');
  });

  it('names the attempt and the reason in the failed-delivery e-mail', () => {
    const email = renderPreview('delivery_failed', { attempt: 2, reason: 'Gate locked' });

    expect(email.text).toContain('Attempt: 2');
    expect(email.text).toContain('Reason: Gate locked');
  });
});
