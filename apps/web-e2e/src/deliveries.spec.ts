import { expect, test } from '@playwright/test';
import { expectAfterReload, searchAvailable } from './support/app';
import { createDelivery } from './support/new-delivery';

test.describe('deliveries', () => {
  test('a new delivery is searchable, and recording "delivered" moves the facet and the timeline', async ({ page }) => {
    test.skip(!(await searchAvailable(page)), 'waits on the search API (GET /api/search/deliveries)');
    const po = `E2E-${Date.now()}`;
    const id = await createDelivery(page, po, 'Testville');
    await expect(page.getByRole('heading', { name: `Delivery #${id}`, exact: true })).toBeVisible();
    await expect(page.getByTestId('delivery-status')).toHaveText('Created');

    // Searchable within a few seconds: the pipeline carries the commit into the index.
    await page.goto(`/deliveries?q=${po}`);
    const row = page.getByRole('link', { name: `PO ${po}` });
    await expectAfterReload(page, () => expect(row).toBeVisible({ timeout: 1000 }));
    await expect(page.getByTestId('facet-status-created')).toContainText('(1)');

    await row.click();
    for (const step of ['Mark dispatched', 'Mark in transit', 'Mark delivered']) {
      await page.getByRole('button', { name: step }).click();
      await expect(page.getByRole('button', { name: step })).toBeHidden();
    }
    await expect(page.getByTestId('delivery-status')).toHaveText('Delivered');
    const timeline = page.getByRole('list', { name: 'Timeline of attempt 1' });
    await expect(timeline).toContainText('Dispatched');
    await expect(timeline).toContainText('In transit');
    await expect(timeline).toContainText('Delivered');
    // The audit trail comes from the audit index, which trails the pipeline: the page reads it
    // again until it lists the change just recorded, so no reload is needed here.
    const history = page.getByRole('list', { name: 'State changes (audit)' });
    await expect(history.getByRole('listitem').filter({ hasText: 'In transit → Delivered' })).toContainText('by e2e-admin@dsm.local', {
      timeout: 15_000,
    });
    await expect(history.getByRole('listitem')).toHaveCount(3);

    // The status facet follows the change: this delivery is now counted under "Delivered".
    await page.goto(`/deliveries?q=${po}`);
    await expectAfterReload(page, () => expect(page.getByTestId('facet-status-delivered')).toContainText('(1)', { timeout: 1000 }));
    await expect(page.getByTestId('facet-status-created')).toHaveCount(0);
  });

  test('a delivery created from a new order opens with its details, order and timeline', async ({ page }) => {
    const po = `E2E-D-${Date.now()}`;
    const id = await createDelivery(page, po, 'Hamburg');

    await expect(page.getByRole('heading', { name: `Delivery #${id}`, exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Drop-off' })).toContainText('Hamburg');
    await expect(page.getByRole('link', { name: `PO ${po}` })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mark dispatched' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mark delivered' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Mark dispatched' }).click();
    await page.getByRole('button', { name: 'Mark failed' }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText('Failed');
    await page.getByRole('button', { name: 'Start new attempt' }).click();
    await expect(page.getByRole('article', { name: 'Attempt 2' })).toBeVisible();
    await expect(page.getByTestId('delivery-status')).toHaveText('Created');
  });

  test('an invalid form shows field errors and creates nothing', async ({ page }) => {
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/(deliveries|orders)/.test(request.url())) writes.push(request.url());
    });
    await page.goto('/deliveries/new');

    await page.getByLabel('Drop-off country (2 letters)').fill('DEU');
    await page.getByRole('button', { name: 'Create delivery' }).click();

    await expect(page.getByText('Use a two-letter country code')).toBeVisible();
    await expect(page.getByText('Required').first()).toBeVisible();
    await expect(page).toHaveURL(/\/deliveries\/new$/);
    expect(writes).toEqual([]);
  });
});
