import { expect, test } from '@playwright/test';
import { expectAfterReload } from './support/app';
import { createOrderThroughApi } from './support/records-api';

test.describe('notifications', () => {
  test('a high-priority order shows its confirmation e-mail on its detail page', async ({ page }) => {
    await page.goto('/orders');
    const { orderId, customer } = await createOrderThroughApi(page, { po: `E2E-N-${Date.now()}`, priority: 'high' });
    expect(customer.email).toBeTruthy();

    // The notify stage sends the e-mail once the outbox event has passed the pipeline.
    await page.goto(`/orders/${orderId}`);
    const log = page.getByRole('region', { name: 'Notifications' });
    await expectAfterReload(
      page,
      () => expect(log.getByRole('row').filter({ hasText: 'Order confirmation' })).toContainText('Sent', { timeout: 1000 }),
      20_000,
    );
    await expect(log).toContainText(customer.email ?? '');
  });
});
