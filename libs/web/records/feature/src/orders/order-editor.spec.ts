import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { type ButtonHarnessFilters, MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { Session } from '@dsm/web/data-access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderEditor } from './order-editor';

const stamp = { created_at: '2026-11-20T10:00:00.000Z', updated_at: '2026-11-20T10:00:00.000Z' };
const order = {
  id: 5, organization_id: 1, customer_id: 2, po: 'PO-5', priority: 'medium', status: 'open', order_date: '2026-11-20',
  items: [{ id: 1, order_id: 5, product_id: 3, quantity: 2 }, { id: 2, order_id: 5, product_id: 4, quantity: 1 }], ...stamp,
};
const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, size: 200 });

type Loader = ReturnType<typeof TestbedHarnessEnvironment.loader>;

async function input(loader: Loader, label: string): Promise<MatInputHarness> {
  const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  return (await field.getControl()) as MatInputHarness;
}

async function click(loader: Loader, button: ButtonHarnessFilters): Promise<void> {
  await (await loader.getHarness(MatButtonHarness.with(button))).click();
}

describe('OrderEditor', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const signedIn = TestBed.inject(Session).signIn({ email: 'd@example.com', password: 'secret-secret' });
    http.expectOne('/api/auth/login').flush({ user: { id: 1, email: 'd@example.com', role: 'dispatcher' } });
    await signedIn;
  });

  async function render(): Promise<Loader> {
    const fixture = TestBed.createComponent(OrderEditor);
    fixture.componentRef.setInput('id', '5');
    fixture.detectChanges();
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: '/api/orders/5' }))).flush(order);
    (await vi.waitFor(() => http.expectOne((request) => request.url === '/api/notifications'))).flush({ items: [] });
    (await vi.waitFor(() => http.expectOne((request) => request.url === '/api/organizations'))).flush(page([]));
    (await vi.waitFor(() => http.expectOne((request) => request.url === '/api/products'))).flush(page([]));
    (await vi.waitFor(() => http.expectOne((request) => request.url === '/api/customers'))).flush(page([]));
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await vi.waitFor(async () => expect(await (await input(loader, 'PO number')).getValue()).toBe('PO-5'));
    return loader;
  }

  it('sends only the changed fields, so another user’s change to the order is kept', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const loader = await render();
    await (await input(loader, 'PO number')).setValue('PO-55');

    await click(loader, { text: 'Save' });
    const request = await vi.waitFor(() => http.expectOne({ method: 'PATCH', url: '/api/orders/5' }));
    request.flush({ data: { ...order, po: 'PO-55' }, txId: '901' });

    expect(request.request.body).toEqual({ po: 'PO-55' });
  });

  it('sends the remaining items when a line was only removed', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const loader = await render();

    await click(loader, { selector: '[aria-label="Remove item 1"]' });
    await click(loader, { text: 'Save' });
    const request = await vi.waitFor(() => http.expectOne({ method: 'PATCH', url: '/api/orders/5' }));
    request.flush({ data: order, txId: '902' });

    expect(request.request.body).toEqual({ items: [{ product_id: 4, quantity: 1 }] });
  });

  it('sends nothing when nothing was changed and goes back to the orders', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const loader = await render();

    await click(loader, { text: 'Save' });

    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/orders']));
    http.expectNone({ method: 'PATCH' });
  });
});
