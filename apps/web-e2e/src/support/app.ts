import { type Page, expect } from '@playwright/test';

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
}

/** Calls the API with the page's session, echoing the CSRF cookie as the server expects. */
export async function apiPost(page: Page, url: string, data: unknown) {
  const cookies = await page.context().cookies();
  const token = cookies.find((cookie) => cookie.name === 'XSRF-TOKEN')?.value ?? '';
  return page.request.post(url, { data, headers: { 'X-XSRF-TOKEN': decodeURIComponent(token) } });
}

/** Whether the server already serves the search API (built by the search issue). */
export async function searchAvailable(page: Page): Promise<boolean> {
  const response = await page.request.get('/api/search/deliveries?size=1');
  return response.ok();
}

/**
 * Picks the option of a Material select by its visible text (or the first one). The click on the
 * combobox waits until it is enabled, i.e. until the app shows the select with its loaded options;
 * the options are looked up in that select's own listbox, never in another select's panel that
 * is still fading out.
 */
export async function choose(page: Page, label: string, option?: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  const options = page.getByRole('listbox', { name: label }).getByRole('option');
  await (option === undefined ? options.first() : options.filter({ hasText: option }).first()).click();
  await expect(page.getByRole('listbox', { name: label })).toBeHidden();
}

/**
 * Reloads the page until the assertion holds: for what the pipeline carries into the index after
 * the page was loaded. Give the assertion a short timeout of its own (a second), so a try that
 * misses ends soon and the next one reloads.
 */
export async function expectAfterReload(page: Page, assertion: () => Promise<void>, timeout = 15_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await assertion();
  }).toPass({ timeout });
}

/** A word the search index keeps whole: letters only, unique per run. */
export function uniqueWord(prefix: string): string {
  return prefix + String(Date.now()).replace(/\d/g, (digit) => 'abcdefghij'.charAt(Number(digit)));
}
