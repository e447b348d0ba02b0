import type { DeliveryContext } from '../recipient.repository';
import { renderEmail, type RenderedEmail } from './template';

export type DeliveryFailedModel = DeliveryContext & { attempt: number; reason: string | null };

export function renderDeliveryFailed(model: DeliveryFailedModel): RenderedEmail {
  return renderEmail(
    `Delivery attempt failed: order ${model.po}`,
    model.customerName,
    `We could not complete delivery attempt ${model.attempt} for your order ${model.po}. ` +
      `${model.organizationName} will contact you to arrange another attempt.`,
    [
      ['Order', model.po],
      ['Delivery', `#${model.deliveryId} (${model.deliveryType})`],
      ['Attempt', model.attempt],
      ['Reason', model.reason ?? 'not given'],
    ],
    model.organizationName,
  );
}
