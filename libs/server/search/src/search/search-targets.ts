import { DELIVERIES_INDEX, ORDERS_INDEX } from '@dsm/stages';
import type { SearchFilterName } from './search-params.schema';

/** How the API's query parameters map onto one index's fields. */
export interface SearchTarget {
  index: string;
  /** Query parameter → keyword field; a parameter missing here is refused for this index. */
  filters: Partial<Record<SearchFilterName, string>>;
  /** The date field `from`/`to` apply to. */
  dateField: string;
}

export const SEARCH_TARGETS = {
  deliveries: {
    index: DELIVERIES_INDEX.name,
    filters: { status: 'status', city: 'details.to_city', priority: 'order.priority', type: 'delivery_type' },
    dateField: 'dispatch_at',
  },
  // Orders have no keyword city or type: those filters belong to deliveries.
  orders: { index: ORDERS_INDEX.name, filters: { status: 'status', priority: 'priority' }, dateField: 'order_date' },
} as const satisfies Record<string, SearchTarget>;
export type SearchTargetName = keyof typeof SEARCH_TARGETS;
