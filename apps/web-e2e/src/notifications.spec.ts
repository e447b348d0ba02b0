import { expect, test } from '@playwright/test';
import { apiPost, expectAfterReload } from './support/app';

test.describe('notifications', () => {
  test('a high-priority order shows its confirmation e-mail on its detail page', async ({ page }) => {
    await page.goto('/orders');
    const po = `E2E-N-${Date.now()}`;
    const created = await apiPost(page, '/api/orders', {
      organization_id: 1,
      customer_id: 1,
      po,
      priority: 'high',
      items: [{ product_id: 1, quantity: 1 }],
    });
    expect(created.status()).toBe(201);
    const { data } = (await created.json()) as { data: { id: number } };

    // The notify stage sends the e-mail once the outbox event has passed the pipeline.
    await page.goto(`/orders/${data.id}`);
    const log = page.getByRole('region', { name: 'Notifications' });
    await expectAfterReload(
      page,
      () => expect(log.getByRole('row').filter({ hasText: 'Order confirmation' })).toContainText('Sent', { timeout: 1000 }),
      20_000,
    );
    await expect(log).toContainText('sally.fields@example.com');
  });
});
