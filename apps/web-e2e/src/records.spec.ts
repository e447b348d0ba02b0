import { expect, test } from '@playwright/test';

test('a dispatcher creates an organization and finds it in the list', async ({ page }) => {
  const name = `E2E Logistics ${Date.now()}`;
  await page.goto('/organizations');
  await page.getByRole('link', { name: 'New organization' }).click();

  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(/\/organizations$/);
  await page.getByLabel('Search organizations').fill(name);
  await expect(page.getByRole('link', { name })).toBeVisible();
});
