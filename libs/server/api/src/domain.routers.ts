import type { Router } from 'express';
import type { ApiDeps } from './api-deps';
import { organizationRouter } from './organizations/organization.router';
import { customerRouter } from './customers/customer.router';
import { productRouter } from './products/product.router';
import { orderRouter } from './orders/order.router';
import { invoiceRouter } from './invoices/invoice.router';
import { deliveryRouter } from './deliveries/delivery.router';

/** Domain data: viewers read, dispatchers and admins write (see contracts/auth.schema.ts). */
export function domainRouters(deps: ApiDeps): Array<[string, Router]> {
  return [
    ['/organizations', organizationRouter(deps)],
    ['/customers', customerRouter(deps)],
    ['/products', productRouter(deps)],
    ['/orders', orderRouter(deps)],
    ['/invoices', invoiceRouter(deps)],
    ['/deliveries', deliveryRouter(deps)],
  ];
}
