import { type Page, expect, test } from '@playwright/test';
import { uniqueWord } from './support/app';
import { createDelivery } from './support/new-delivery';

/** How many deliveries GET /api/search/deliveries finds for a query string. */
async function found(page: Page, query: string): Promise<number> {
  const response = await page.request.get(`/api/search/deliveries?${query}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { total: number }).total;
}

test.describe('searching deliveries through the API', () => {
  test('free text finds a delivery by its drop-off city, as it does by its PO', async ({ page }) => {
    const stamp = uniqueWord('');
    const po = `E2E-S-${stamp}`;
    const city = `Testville${stamp}`;
    await createDelivery(page, po, city);

    // Indexed: the PO finds it, and so does the city filter (the keyword field).
    await expect.poll(() => found(page, `q=${po}`), { timeout: 15_000 }).toBe(1);
    expect(await found(page, `city=${city}`)).toBe(1);

    expect(await found(page, `q=${city}`)).toBe(1);
  });
});
