import type { Routes } from '@angular/router';
import { permissionGuard } from '@dsm/web/data-access';
import { CUSTOMERS } from './definitions/customers.record';
import { INVOICES } from './definitions/invoices.record';
import { ORDERS } from './definitions/orders.record';
import { ORGANIZATIONS } from './definitions/organizations.record';
import { PRODUCTS } from './definitions/products.record';
import { OrderEditor } from './orders/order-editor';
import { RecordForm } from './record-form/record-form';
import { RecordList } from './record-list/record-list';
import type { RecordConfig } from './record-config';

function collectionRoutes(record: RecordConfig): Routes {
  return [
    { path: record.path, component: RecordList, data: { record }, title: record.title },
    { path: `${record.path}/new`, component: RecordForm, data: { record }, canActivate: [permissionGuard('write')], title: `New ${record.singular.toLowerCase()}` },
    { path: `${record.path}/:id`, component: RecordForm, data: { record }, title: record.singular },
  ];
}

/** Orders, customers, organizations, products and invoices: list, create, edit. */
export const RECORD_ROUTES: Routes = [
  { path: 'orders', component: RecordList, data: { record: ORDERS }, title: 'Orders' },
  { path: 'orders/new', component: OrderEditor, canActivate: [permissionGuard('write')], title: 'New order' },
  { path: 'orders/:id', component: OrderEditor, title: 'Order' },
  ...collectionRoutes(CUSTOMERS),
  ...collectionRoutes(ORGANIZATIONS),
  ...collectionRoutes(PRODUCTS),
  ...collectionRoutes(INVOICES),
];
