import type { OrderContext } from '../recipient.repository';
import { renderEmail, type RenderedEmail } from './template';

export type OrderConfirmationModel = OrderContext;

export function renderOrderConfirmation(model: OrderConfirmationModel): RenderedEmail {
  return renderEmail(
    `Order ${model.po} confirmed (high priority)`,
    model.customerName,
    `${model.organizationName} has received your high-priority order and is handling it first.`,
    [
      ['Order', model.po],
      ['Order date', model.orderDate],
      ['Items', model.itemCount],
      ['Priority', model.priority],
    ],
    model.organizationName,
  );
}
