import type { InvoiceContext } from '../recipient.repository';
import { formatMoney, renderEmail, type RenderedEmail } from './template';

export type InvoiceCreatedModel = InvoiceContext;

export function renderInvoiceCreated(model: InvoiceCreatedModel): RenderedEmail {
  return renderEmail(
    `Invoice ${model.invoiceNumber} from ${model.organizationName}`,
    model.customerName,
    `${model.organizationName} has issued an invoice for your order ${model.po}.`,
    [
      ['Invoice', model.invoiceNumber],
      ['Amount', formatMoney(model.amount)],
      ['Due date', model.dueDate],
      ['Order', model.po],
    ],
    model.organizationName,
  );
}
