import { type Page, expect } from '@playwright/test';
import { apiPost } from './app';

/** The fields of a listed record these tests read; customers carry an e-mail. */
export interface ListedRecord {
  id: number;
  organization_id?: number;
  email?: string;
}

/** The first item a list endpoint answers with (the sample data fills every list). */
export async function firstId(page: Page, url: string): Promise<ListedRecord> {
  const response = await page.request.get(url);
  expect(response.ok()).toBe(true);
  const body: { items: ListedRecord[] } = await response.json();
  expect(body.items.length).toBeGreaterThan(0);
  return body.items[0];
}

/** Posts a record through the API with the page's session; fails the test unless it is created. */
export async function saved(page: Page, url: string, data: unknown): Promise<{ data: { id: number }; txId: string }> {
  const response = await apiPost(page, url, data);
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/**
 * Saves an order of one product line for the first seeded customer; answers with its id and that
 * customer (whose e-mail a high-priority order's confirmation goes to).
 */
export async function createOrderThroughApi(
  page: Page,
  order: { po: string; priority?: 'low' | 'medium' | 'high'; quantity?: number },
): Promise<{ orderId: number; customer: ListedRecord }> {
  const customer = await firstId(page, '/api/customers?size=1');
  const product = await firstId(page, '/api/products?size=1');
  const created = await saved(page, '/api/orders', {
    organization_id: customer.organization_id,
    customer_id: customer.id,
    po: order.po,
    priority: order.priority,
    items: [{ product_id: product.id, quantity: order.quantity ?? 1 }],
  });
  return { orderId: created.data.id, customer };
}

/** Saves an order and a delivery from Berlin to Hamburg for it; answers with the delivery's id and transaction. */
export async function createDeliveryThroughApi(page: Page): Promise<{ deliveryId: string; txId: string }> {
  await page.goto('/deliveries');
  const { orderId } = await createOrderThroughApi(page, { po: `PO-PIPE-${Date.now()}`, quantity: 2 });
  const side = (prefix: 'from' | 'to', city: string) => ({
    [`${prefix}_contact_name`]: 'Grace Hopper',
    [`${prefix}_address`]: 'Main street 1',
    [`${prefix}_city`]: city,
    [`${prefix}_country`]: 'DE',
  });
  const delivery = await saved(page, '/api/deliveries', {
    order_id: orderId,
    delivery_type: 'standard',
    details: { ...side('from', 'Berlin'), ...side('to', 'Hamburg') },
  });
  return { deliveryId: String(delivery.data.id), txId: delivery.txId };
}
