export * from './aggregate';
export * from './full-delivery.aggregate';
export * from './full-order.aggregate';
export * from './delivery-event.schema';

import type { AggregateDeclaration } from './aggregate';
import { FULL_DELIVERY } from './full-delivery.aggregate';
import { FULL_ORDER } from './full-order.aggregate';

/** Every aggregate the view stage maintains. */
export const AGGREGATES: readonly AggregateDeclaration[] = [FULL_DELIVERY, FULL_ORDER];
