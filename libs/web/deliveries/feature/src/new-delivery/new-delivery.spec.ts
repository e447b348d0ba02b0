import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NewDelivery } from './new-delivery';

const order = {
  id: 7, organization_id: 1, customer_id: 2, po: 'PO-7', priority: 'high', status: 'open', order_date: '2026-11-20',
  items: [], created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:00:00Z',
};

async function errorsOf(loader: ReturnType<typeof TestbedHarnessEnvironment.loader>, label: string): Promise<string[]> {
  return (await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))).getTextErrors();
}

async function fill(loader: ReturnType<typeof TestbedHarnessEnvironment.loader>, label: string, value: string): Promise<void> {
  const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  await ((await field.getControl()) as MatInputHarness).setValue(value);
}

describe('NewDelivery', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  async function render() {
    const fixture = TestBed.createComponent(NewDelivery);
    fixture.detectChanges();
    const orders = await vi.waitFor(() => http.expectOne((request) => request.url === '/api/orders'));
    orders.flush({ items: [order], total: 1, page: 1, size: 200 });
    return TestbedHarnessEnvironment.loader(fixture);
  }

  it('shows the schema errors on the fields and creates nothing when the form is empty', async () => {
    const loader = await render();

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create delivery' }))).click();

    expect(await errorsOf(loader, 'Order')).toEqual(['Required']);
    expect(await errorsOf(loader, 'Drop-off city')).toEqual(['Required']);
    http.expectNone((request) => request.method === 'POST');
  });

  it('rejects a three-letter country with the message the server uses', async () => {
    const loader = await render();
    await fill(loader, 'Pickup country (2 letters)', 'DEU');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create delivery' }))).click();

    expect(await errorsOf(loader, 'Pickup country (2 letters)')).toEqual(['Use a two-letter country code']);
  });

  it('sends a valid delivery and shows the server field errors on the matching fields', async () => {
    const loader = await render();
    await (await loader.getHarness(MatSelectHarness.with({ selector: '[formControlName=order_id]' }))).clickOptions({ text: /PO-7/ });
    for (const side of ['Pickup', 'Drop-off']) {
      await fill(loader, `${side} contact name`, 'Ada');
      await fill(loader, `${side} address`, 'Main street 1');
      await fill(loader, `${side} city`, side === 'Pickup' ? 'Berlin' : 'Hamburg');
      await fill(loader, `${side} country (2 letters)`, 'de');
    }

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create delivery' }))).click();
    const request = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/deliveries' }));
    request.flush(
      { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'details.to_city', message: 'No depot serves this city' }] },
      { status: 400, statusText: 'Bad Request' },
    );

    expect(request.request.body).toMatchObject({
      order_id: 7,
      delivery_type: 'standard',
      notes: null,
      details: { from_city: 'Berlin', to_city: 'Hamburg', from_country: 'DE', to_state: null },
    });
    await vi.waitFor(async () => expect(await errorsOf(loader, 'Drop-off city')).toEqual(['No depot serves this city']));
  });
});
