import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter } from '@angular/router';
import { Session } from '@dsm/web/data-access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CUSTOMERS } from '../definitions/customers.record';
import { RecordForm } from './record-form';

const organization = { id: 4, name: 'Acme', created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:00:00Z' };

describe('RecordForm (customers)', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  async function render(role: string) {
    const restored = TestBed.inject(Session).restore();
    http.expectOne('/api/auth/me').flush({ user: { id: 1, email: 'u@example.com', role } });
    await restored;
    const fixture = TestBed.createComponent(RecordForm);
    fixture.componentRef.setInput('record', CUSTOMERS);
    fixture.detectChanges();
    const lookups = await vi.waitFor(() => http.expectOne((request) => request.url === '/api/organizations'));
    lookups.flush({ items: [organization], total: 1, page: 1, size: 200 });
    return TestbedHarnessEnvironment.loader(fixture);
  }

  async function fill(loader: Awaited<ReturnType<typeof render>>, label: string, value: string) {
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
    await ((await field.getControl()) as MatInputHarness).setValue(value);
  }

  it('validates with the customer schema and posts the cleaned body', async () => {
    const loader = await render('dispatcher');
    await (await loader.getHarness(MatSelectHarness)).clickOptions({ text: 'Acme' });
    await fill(loader, 'First name', ' Ada ');
    await fill(loader, 'Last name', 'Lovelace');
    await fill(loader, 'Email', 'not-an-email');
    const save = await loader.getHarness(MatButtonHarness.with({ text: 'Save' }));

    await save.click();
    const email = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Email' }));
    expect(await email.getTextErrors()).toEqual([expect.stringMatching(/email/i)]);
    http.expectNone({ method: 'POST', url: '/api/customers' });

    await fill(loader, 'Email', 'ada@example.com');
    await save.click();
    const request = await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/customers' }));
    expect(request.request.body).toEqual({ organization_id: 4, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: null });
  });

  it('offers no Save button to a viewer', async () => {
    const loader = await render('viewer');

    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Save' }))).toEqual([]);
  });
});
