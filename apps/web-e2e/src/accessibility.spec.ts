import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { expectAfterReload } from './support/app';
import { createDelivery } from './support/new-delivery';
import { VIEWER_STATE } from './support/users';

/**
 * WCAG 2 A/AA over the dispatcher's main pages, once each page shows its data (loading bars gone)
 * and its transitions have ended (a fading-in error reads as low contrast), so the check sees what
 * a person works with. A violation lists the rule, the elements and axe's reason.
 */
async function expectAccessible(page: Page): Promise<void> {
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
  expect(violations).toEqual([]);
}

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  test.describe('signed out', () => {
    test.use({ storageState: { cookies: [], origins: [] } });

    test('sign-in', async ({ page }) => {
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectAccessible(page);
    });
  });

  test('new delivery, also with field errors shown', async ({ page }) => {
    await page.goto('/deliveries/new');
    await expect(page.getByRole('heading', { name: 'New delivery', level: 1 })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Order' })).toBeEnabled();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Create delivery' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();
    await expectAccessible(page);
  });

  test('delivery detail, its edit form, and the deliveries list with that delivery in it', async ({ page }) => {
    const po = `E2E-A-${Date.now()}`;
    const id = await createDelivery(page, po, 'Hamburg');
    await expect(page.getByRole('heading', { name: `Delivery #${id}`, exact: true })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page.getByLabel('Drop-off city')).toHaveValue('Hamburg');
    await expectAccessible(page);

    // With a row, facets and counts, not just the empty state of a fresh stack.
    await page.goto(`/deliveries?q=${po}`);
    await expectAfterReload(page, () => expect(page.getByRole('link', { name: `PO ${po}` })).toBeVisible({ timeout: 1000 }));
    await expectAccessible(page);
  });

  test('orders list and the order editor', async ({ page }) => {
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'New order' }).click();
    await expect(page.getByRole('heading', { name: 'New order', level: 1 })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Organization' })).toBeEnabled();
    await expectAccessible(page);
  });

  test('customers and the customer form (the form every other collection uses)', async ({ page }) => {
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'New customer' }).click();
    await expect(page.getByRole('heading', { name: 'New customer', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();
    await expectAccessible(page);
  });

  test.describe('as a viewer', () => {
    test.use({ storageState: VIEWER_STATE });

    test('pipeline page', async ({ page }) => {
      await page.goto('/pipeline');
      await expect(page.getByRole('heading', { name: 'Pipeline', level: 1 })).toBeVisible();
      await expectAccessible(page);
    });
  });
});
