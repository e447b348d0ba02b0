import { expect, test } from '@playwright/test';
import { signIn } from './support/app';
import { ADMIN, VIEWER_STATE } from './support/users';

test.describe('a viewer', () => {
  test.use({ storageState: VIEWER_STATE });

  test('sees data but no way to create or change it', async ({ page }) => {
    await page.goto('/deliveries');
    await expect(page.getByRole('heading', { name: 'Deliveries', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New delivery' })).toHaveCount(0);

    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New customer' })).toHaveCount(0);

    await page.goto('/deliveries/new');
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create delivery' })).toHaveCount(0);
  });
});

test.describe('signing in and out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a visitor is sent to sign-in and comes back to the page they wanted', async ({ page }) => {
    await page.goto('/orders');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Forders/);

    await signIn(page, ADMIN);

    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  });

  test('the session survives a reload, and signing out blocks the pages', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, ADMIN);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Deliveries', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await page.goto('/customers');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fcustomers/);
    await expect(page.getByRole('heading', { name: 'Customers' })).toHaveCount(0);
  });
});
