import { expect, test } from '@playwright/test';
import { expectAfterReload, uniqueWord } from './support/app';
import { createDelivery } from './support/new-delivery';
import { VIEWER_STATE } from './support/users';

test.describe('editing a delivery', () => {
  test('a dispatcher changes the drop-off; the detail shows it and search finds the delivery by it', async ({ page }) => {
    const po = `E2E-E-${Date.now()}`;
    const contact = `Edith ${uniqueWord('Zed')}`;
    const id = await createDelivery(page, po, 'Hamburg');

    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page.getByRole('heading', { name: `Edit delivery #${id}`, level: 1 })).toBeVisible();
    await expect(page.getByLabel('Drop-off city')).toHaveValue('Hamburg');
    await page.getByLabel('Drop-off contact name').fill(contact);
    await page.getByLabel('Drop-off city').fill('Lübeck');
    await page.getByRole('button', { name: 'Save changes' }).click();

    await expect(page).toHaveURL(new RegExp(`/deliveries/${id}$`));
    const dropOff = page.getByRole('region', { name: 'Drop-off' });
    await expect(dropOff).toContainText(contact);
    await expect(dropOff).toContainText('Lübeck');
    await expect(page.getByTestId('follow-change')).toContainText(`Delivery #${id} updated`);

    // The pipeline carries the edit into the index: the new contact name finds the delivery.
    await page.goto(`/deliveries?q=${encodeURIComponent(contact)}`);
    const row = page.getByRole('link', { name: `PO ${po}` });
    await expectAfterReload(page, () => expect(row).toBeVisible({ timeout: 1000 }));
    await page.goto(`/deliveries?q=${po}&city=${encodeURIComponent('Lübeck')}`);
    await expect(row).toBeVisible();
  });

  test('a viewer sees no Edit button and cannot open the edit page', async ({ page, browser }) => {
    const id = await createDelivery(page, `E2E-V-${Date.now()}`, 'Bremen');
    const viewer = await browser.newContext({ storageState: VIEWER_STATE });
    const viewerPage = await viewer.newPage();

    await viewerPage.goto(`/deliveries/${id}`);
    await expect(viewerPage.getByRole('heading', { name: `Delivery #${id}`, exact: true })).toBeVisible();
    await expect(viewerPage.getByRole('region', { name: 'Drop-off' })).toContainText('Bremen');
    await expect(viewerPage.getByRole('link', { name: 'Edit' })).toHaveCount(0);

    await viewerPage.goto(`/deliveries/${id}/edit`);
    await expect(viewerPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(viewerPage.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await viewer.close();
  });
});
