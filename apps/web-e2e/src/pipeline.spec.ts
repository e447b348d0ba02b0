import { type Browser, type Page, expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { apiPost, signIn } from './support/app';
import { dsmProduce } from './support/pipeline-produce';
import { createDeliveryThroughApi, createOrderThroughApi } from './support/records-api';
import { ADMIN_STATE, VIEWER_STATE } from './support/users';

/** Created through the admin's user API, like the viewer in the setup project. */
const OPERATOR = { email: 'e2e-operator@dsm.local', password: 'e2e-operator-password-1' };

async function signInAsOperator(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const admin = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  const adminPage = await admin.newPage();
  await adminPage.goto('/deliveries');
  const created = await apiPost(adminPage, '/api/users', { ...OPERATOR, role: 'operator' });
  expect([200, 201, 409]).toContain(created.status());
  await admin.close();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signIn(page, OPERATOR);
  return page;
}

/** An order that sends no e-mail of its own, so the only notification is the replayed one. */
const lowPriorityOrder = () => ({ po: `PO-DLQ-${Date.now()}`, priority: 'low' as const });

test.describe('an operator on the pipeline dashboard', () => {
  test('watches a delivery created in another page travel to searchable, stage by stage', async ({ browser, baseURL, page: editor }) => {
    test.setTimeout(120_000);
    const dashboard = await signInAsOperator(browser, baseURL);
    await dashboard.goto('/pipeline');
    await expect(dashboard.getByRole('heading', { name: 'Pipeline', level: 1 })).toBeVisible();
    await expect(dashboard.getByTestId('connection')).toHaveText('Live');
    await expect(dashboard.getByRole('button', { name: 'Reindex' })).toBeVisible();

    // Operators watch and steer the pipeline; creating deliveries is a dispatcher's (or admin's) job,
    // so the delivery is saved from the admin's page (the test's own), through the same API the form uses.
    const { deliveryId, txId } = await createDeliveryThroughApi(editor);

    await dashboard.bringToFront();
    try {
      // A transaction is one trace from capture to index: its id is the source txId (the contract).
      await expect(dashboard.getByRole('list', { name: 'Recent transactions' })).toContainText(`tx ${txId}`, { timeout: 30_000 });
      await dashboard.getByRole('button', { name: `Follow transaction ${txId}`, exact: true }).click();
      await expect(dashboard.getByTestId('trace-status')).toContainText('Searchable', { timeout: 30_000 });
      for (const step of ['Captured', 'Cleaned', 'Joined', 'Indexed', 'Searchable'])
        await expect(dashboard.getByTestId(`step-${step}`)).toContainText(/\+\d+ ms/);
      await expect(dashboard.getByTestId(`feed-${txId}`)).toContainText(`deliveries ${deliveryId}`);
    } finally {
      await test.info().attach('dashboard', { body: await dashboard.screenshot({ fullPage: true }), contentType: 'image/png' });
    }
  });

  test('confirms a pause before sending it and can resume the stage', async ({ browser, baseURL }) => {
    const page = await signInAsOperator(browser, baseURL);
    await page.goto('/pipeline');
    await expect(page.getByTestId('connection')).toHaveText('Live');

    await page.getByRole('button', { name: 'Pause notify' }).click();
    await expect(page.getByRole('dialog', { name: 'Pause the notify stage?' })).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Resume notify' })).toBeVisible({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Resume notify' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByRole('button', { name: 'Pause notify' })).toBeVisible({ timeout: 15_000 });
  });

  test('replays a dead-lettered notification from the workbench once its missing order exists', async ({ browser, baseURL, page: editor }) => {
    test.setTimeout(120_000);
    const dashboard = await signInAsOperator(browser, baseURL);
    await dashboard.goto('/pipeline');
    await expect(dashboard.getByTestId('connection')).toHaveText('Live');

    // The notify stage reads the order when it sends, so an order.created event for an order that
    // does not exist (yet) is dead-lettered; no API writes such an event, `dsm produce` does. The
    // poison names the id the next order will get (ids come from one sequence, and this suite
    // runs serially), so creating that order is the fix.
    await editor.goto('/deliveries');
    const { orderId: lastId } = await createOrderThroughApi(editor, lowPriorityOrder());
    const missingId = lastId + 1;
    const eventId = randomUUID();
    dsmProduce('dsm.outbox.order', {
      key: String(missingId),
      value: { id: missingId, priority: 'high' },
      headers: { id: eventId, type: 'order.created', aggregate_type: 'order', created_at: new Date().toISOString(), __version: '1' },
    });

    const workbench = dashboard.getByRole('region', { name: 'Dead letters' });
    await workbench.getByRole('radio', { name: 'notify' }).click();
    const letter = workbench.getByRole('button', { name: new RegExp(`Order ${missingId} no longer exists`) });
    await expect(async () => {
      await workbench.getByRole('button', { name: 'Refresh' }).click();
      await expect(letter).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });

    const { orderId: fixedId } = await createOrderThroughApi(editor, lowPriorityOrder());
    expect(fixedId).toBe(missingId);

    await letter.click();
    await workbench.getByRole('region', { name: new RegExp(`Order ${missingId} no longer exists`) }).getByRole('button', { name: 'Replay' }).click();
    await dashboard.getByRole('dialog', { name: 'Replay this dead letter?' }).getByRole('button', { name: 'Replay' }).click();
    await expect(letter).toHaveCount(0);

    await expect(async () => {
      const response = await editor.request.get(`/api/notifications?orderId=${missingId}`);
      const body: { items: { eventId: string; type: string; status: string }[] } = await response.json();
      expect(body.items).toContainEqual(expect.objectContaining({ eventId, type: 'order_confirmation', status: 'sent' }));
    }).toPass({ timeout: 30_000 });
  });
});

test.describe('a viewer on the pipeline dashboard', () => {
  test.use({ storageState: VIEWER_STATE });

  test('watches the live pipeline but sees no controls', async ({ page }) => {
    await page.goto('/pipeline');
    await expect(page.getByRole('heading', { name: 'Pipeline', level: 1 })).toBeVisible();
    await expect(page.getByTestId('connection')).toHaveText('Live');
    await expect(page.getByTestId('node-index')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Dead letters' })).toBeVisible();

    await expect(page.getByRole('region', { name: 'Pipeline controls' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reindex' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^(Pause|Resume) / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Replay' })).toHaveCount(0);
  });
});
