import type { NotificationType } from '@dsm/contracts';
import type { OrderContext } from '../recipient.repository';
import { renderNotification, type NotificationModels } from './render';
import type { RenderedEmail } from './template';

const SAMPLE_ORDER: OrderContext = {
  orderId: 1042,
  po: 'PO-2026-1042',
  priority: 'high',
  orderDate: '2026-11-23',
  itemCount: 3,
  customerId: 7,
  customerName: 'Ada Lovelace',
  email: 'ada@example.com',
  organizationName: 'Northwind Logistics',
};
const SAMPLE_DELIVERY = { ...SAMPLE_ORDER, deliveryId: 311, deliveryType: 'express', toCity: 'Rotterdam', attempt: 1 };

const SAMPLES: NotificationModels = {
  order_confirmation: SAMPLE_ORDER,
  invoice_created: { ...SAMPLE_ORDER, invoiceId: 88, invoiceNumber: 'INV-2026-0088', amount: 1234.5, dueDate: '2026-12-23' },
  delivery_delivered: SAMPLE_DELIVERY,
  delivery_failed: { ...SAMPLE_DELIVERY, reason: 'Nobody at the address' },
};

/**
 * Renders a notification with sample data (overridden by `sample`), exactly as it would be sent:
 * the same templates, the same escaping. The server exposes it to admins as a preview.
 */
export function renderPreview<T extends NotificationType>(type: T, sample: Partial<NotificationModels[T]> = {}): RenderedEmail {
  return renderNotification(type, { ...SAMPLES[type], ...sample });
}
