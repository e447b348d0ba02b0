import { type Page, expect } from '@playwright/test';
import { choose } from './app';

/**
 * Fills the new-delivery form with a new order (the first organization, its first customer — the
 * sample data gives every organization customers — and the first product) and the given drop-off
 * city; returns the delivery id.
 */
export async function createDelivery(page: Page, po: string, toCity: string): Promise<string> {
  await page.goto('/deliveries/new');
  await page.getByRole('radio', { name: 'New order' }).or(page.getByRole('button', { name: 'New order' })).click();
  await choose(page, 'Organization');
  await choose(page, 'Customer');
  await page.getByLabel('PO number').fill(po);
  await choose(page, 'Product 1');
  await page.getByLabel('Quantity 1').fill('2');
  await fillSide(page, 'Pickup', 'Depot North', 'Berlin');
  await fillSide(page, 'Drop-off', 'Grace Hopper', toCity);
  await page.getByRole('button', { name: 'Create delivery' }).click();
  await expect(page).toHaveURL(/\/deliveries\/\d+$/);
  return page.url().split('/').at(-1) ?? '';
}

async function fillSide(page: Page, side: string, contact: string, city: string): Promise<void> {
  await page.getByLabel(`${side} contact name`).fill(contact);
  await page.getByLabel(`${side} address`).fill('Main street 1');
  await page.getByLabel(`${side} city`).fill(city);
  await page.getByLabel(`${side} country (2 letters)`).fill('de');
}
