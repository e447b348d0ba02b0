import { mkdirSync } from 'node:fs';
import { expect, test as setup } from '@playwright/test';
import { apiPost, signIn } from './support/app';
import { ADMIN, ADMIN_STATE, AUTH_DIR, VIEWER, VIEWER_STATE } from './support/users';

setup('sign in as the seeded admin and create a viewer', async ({ page, browser }) => {
  mkdirSync(AUTH_DIR, { recursive: true });
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Deliveries', level: 1 })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });

  const created = await apiPost(page, '/api/users', { ...VIEWER, role: 'viewer' });
  expect([200, 201, 409]).toContain(created.status());

  const viewer = await browser.newContext({ baseURL: setup.info().project.use.baseURL });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto('/sign-in');
  await signIn(viewerPage, VIEWER);
  await viewer.storageState({ path: VIEWER_STATE });
  await viewer.close();
});
