import type { Routes } from '@angular/router';
import { permissionGuard } from '@dsm/web/data-access';
import { DeliveryDetail } from './delivery-detail/delivery-detail';
import { DeliverySearch } from './delivery-search/delivery-search';
import { EditDelivery } from './edit-delivery/edit-delivery';
import { NewDelivery } from './new-delivery/new-delivery';

export const DELIVERY_ROUTES: Routes = [
  { path: '', component: DeliverySearch, title: 'Deliveries' },
  { path: 'new', component: NewDelivery, canActivate: [permissionGuard('write')], title: 'New delivery' },
  { path: ':id', component: DeliveryDetail, title: 'Delivery' },
  { path: ':id/edit', component: EditDelivery, canActivate: [permissionGuard('write')], title: 'Edit delivery' },
];
