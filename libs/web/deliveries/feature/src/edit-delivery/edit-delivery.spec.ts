import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { Router, provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EditDelivery } from './edit-delivery';

const at = '2026-11-20T10:00:00.000Z';
const delivery = {
  id: 5, order_id: 7, delivery_type: 'express', notes: 'Ring twice', status: 'created', dispatch_at: null, mileage: 12,
  details: {
    id: 9, delivery_id: 5,
    from_contact_name: 'Depot North', from_address: 'Main street 1', from_city: 'Berlin', from_state: null, from_zip: '10115',
    from_country: 'DE', from_phone_number: null, from_instructions: null,
    to_contact_name: 'Grace Hopper', to_address: 'Harbour 2', to_city: 'Hamburg', to_state: null, to_zip: null,
    to_country: 'DE', to_phone_number: '+49 40 1234', to_instructions: 'Back door',
  },
  attempts: [], created_at: at, updated_at: at,
};

type Loader = ReturnType<typeof TestbedHarnessEnvironment.loader>;

async function input(loader: Loader, label: string): Promise<MatInputHarness> {
  const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  return (await field.getControl()) as MatInputHarness;
}

async function errorsOf(loader: Loader, label: string): Promise<string[]> {
  return (await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))).getTextErrors();
}

async function save(loader: Loader): Promise<void> {
  await (await loader.getHarness(MatButtonHarness.with({ text: 'Save changes' }))).click();
}

describe('EditDelivery', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  async function render(): Promise<Loader> {
    const fixture = TestBed.createComponent(EditDelivery);
    fixture.componentRef.setInput('id', '5');
    fixture.detectChanges();
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: '/api/deliveries/5' }))).flush(delivery);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await vi.waitFor(async () => expect(await (await input(loader, 'Drop-off city')).getValue()).toBe('Hamburg'));
    return loader;
  }

  it('opens with the stored values of the delivery', async () => {
    const loader = await render();

    expect(await (await loader.getHarness(MatSelectHarness)).getValueText()).toBe('Express');
    expect(await (await input(loader, 'Notes')).getValue()).toBe('Ring twice');
    expect(await (await input(loader, 'Mileage')).getValue()).toBe('12');
    expect(await (await input(loader, 'Drop-off instructions')).getValue()).toBe('Back door');
  });

  it('refuses a blanked drop-off city and a three-letter country and sends nothing', async () => {
    const loader = await render();
    await (await input(loader, 'Drop-off city')).setValue('');
    await (await input(loader, 'Pickup country (2 letters)')).setValue('DEU');

    await save(loader);

    expect(await errorsOf(loader, 'Drop-off city')).toEqual(['Required']);
    expect(await errorsOf(loader, 'Pickup country (2 letters)')).toEqual(['Use a two-letter country code']);
    http.expectNone({ method: 'PATCH' });
  });

  it('sends only the changed fields as a patch and opens the delivery after saving', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const loader = await render();
    await (await input(loader, 'Drop-off city')).setValue('Testville');
    await (await input(loader, 'Notes')).setValue('  ');
    await (await input(loader, 'Dispatch at')).setValue('2026-11-24T09:30');

    await save(loader);
    const request = await vi.waitFor(() => http.expectOne({ method: 'PATCH', url: '/api/deliveries/5' }));
    request.flush({ data: { ...delivery, details: { ...delivery.details, to_city: 'Testville' } }, txId: '812' });

    expect(request.request.body).toEqual({
      notes: null,
      dispatch_at: new Date('2026-11-24T09:30').toISOString(),
      details: { to_city: 'Testville' },
    });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/deliveries', 5]));
  });

  it('sends nothing when nothing was changed and goes back to the delivery', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const loader = await render();

    await save(loader);

    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(['/deliveries', 5]));
    http.expectNone({ method: 'PATCH' });
  });

  it('shows the server field errors on the matching fields', async () => {
    const loader = await render();
    await (await input(loader, 'Drop-off city')).setValue('Nowhere');

    await save(loader);
    (await vi.waitFor(() => http.expectOne({ method: 'PATCH', url: '/api/deliveries/5' }))).flush(
      { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'details.to_city', message: 'No depot serves this city' }] },
      { status: 400, statusText: 'Bad Request' },
    );

    await vi.waitFor(async () => expect(await errorsOf(loader, 'Drop-off city')).toEqual(['No depot serves this city']));
  });
});
