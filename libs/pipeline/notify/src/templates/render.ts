import type { NotificationType } from '@dsm/contracts';
import { renderDeliveryDelivered, type DeliveryDeliveredModel } from './delivery-delivered.template';
import { renderDeliveryFailed, type DeliveryFailedModel } from './delivery-failed.template';
import { renderInvoiceCreated, type InvoiceCreatedModel } from './invoice-created.template';
import { renderOrderConfirmation, type OrderConfirmationModel } from './order-confirmation.template';
import type { RenderedEmail } from './template';

/** The data each template needs, by notification type. */
export interface NotificationModels {
  order_confirmation: OrderConfirmationModel;
  invoice_created: InvoiceCreatedModel;
  delivery_delivered: DeliveryDeliveredModel;
  delivery_failed: DeliveryFailedModel;
}

const TEMPLATES: { [T in NotificationType]: (model: NotificationModels[T]) => RenderedEmail } = {
  order_confirmation: renderOrderConfirmation,
  invoice_created: renderInvoiceCreated,
  delivery_delivered: renderDeliveryDelivered,
  delivery_failed: renderDeliveryFailed,
};

export function renderNotification<T extends NotificationType>(type: T, model: NotificationModels[T]): RenderedEmail {
  return TEMPLATES[type](model);
}
