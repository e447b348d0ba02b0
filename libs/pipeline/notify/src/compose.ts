import type { NotificationType } from '@dsm/contracts';
import type { NotificationRequest } from './notify-event.schema';
import type { OrderContext, RecipientRepository } from './recipient.repository';
import { renderNotification, type RenderedEmail } from './templates';

/** An e-mail ready to send, with the ids the notification log is queried by. */
export interface ComposedEmail extends RenderedEmail {
  type: NotificationType;
  to: string;
  toName: string;
  customerId: number;
  orderId: number;
  invoiceId: number | null;
  deliveryId: number | null;
}

export type ComposeResult = { ok: true; email: ComposedEmail } | { ok: false; reason: string };

/**
 * Reads the latest customer and organization (and invoice or delivery) at send time and renders
 * the template. A missing row is not retried: the entity was deleted since the event.
 */
export async function composeEmail(request: NotificationRequest, recipients: RecipientRepository): Promise<ComposeResult> {
  switch (request.type) {
    case 'order_confirmation': {
      const order = await recipients.findOrder(request.orderId);
      if (!order) return { ok: false, reason: `Order ${request.orderId} no longer exists` };
      return composed(request.type, order, renderNotification(request.type, order), null, null);
    }
    case 'invoice_created': {
      const invoice = await recipients.findInvoice(request.invoiceId);
      if (!invoice) return { ok: false, reason: `Invoice ${request.invoiceId} no longer exists` };
      return composed(request.type, invoice, renderNotification(request.type, invoice), invoice.invoiceId, null);
    }
    case 'delivery_delivered':
    case 'delivery_failed': {
      const delivery = await recipients.findDelivery(request.deliveryId);
      if (!delivery) return { ok: false, reason: `Delivery ${request.deliveryId} no longer exists` };
      const rendered =
        request.type === 'delivery_failed'
          ? renderNotification('delivery_failed', { ...delivery, attempt: request.attempt, reason: request.reason })
          : renderNotification('delivery_delivered', { ...delivery, attempt: request.attempt });
      return composed(request.type, delivery, rendered, null, delivery.deliveryId);
    }
  }
}

function composed(
  type: NotificationType,
  order: OrderContext,
  rendered: RenderedEmail,
  invoiceId: number | null,
  deliveryId: number | null,
): ComposeResult {
  return {
    ok: true,
    email: { ...rendered, type, to: order.email, toName: order.customerName, customerId: order.customerId, orderId: order.orderId, invoiceId, deliveryId },
  };
}
