import type { DeliveryContext } from '../recipient.repository';
import { renderEmail, type RenderedEmail } from './template';

export type DeliveryDeliveredModel = DeliveryContext & { attempt: number };

export function renderDeliveryDelivered(model: DeliveryDeliveredModel): RenderedEmail {
  return renderEmail(
    `Delivered: order ${model.po}`,
    model.customerName,
    `Your delivery for order ${model.po} has been delivered.`,
    [
      ['Order', model.po],
      ['Delivery', `#${model.deliveryId} (${model.deliveryType})`],
      ['Destination', model.toCity ?? 'as agreed'],
      ['Attempt', model.attempt],
    ],
    model.organizationName,
  );
}
