import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderFields } from './order-fields';
import { buildOrderForm } from './order-form-model';

const stamp = { created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:00:00Z' };
const organizations = [{ id: 1, name: 'Acme', ...stamp }, { id: 2, name: 'Globex', ...stamp }];
const customer = (id: number, organization_id: number, first_name: string) => ({
  id, organization_id, first_name, last_name: 'Doe', email: `${first_name.toLowerCase()}@example.com`, phone: null, ...stamp,
});
const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, size: 200 });

describe('OrderFields', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  function render() {
    const form = buildOrderForm();
    const fixture = TestBed.createComponent(OrderFields);
    fixture.componentRef.setInput('form', form);
    fixture.componentRef.setInput('full', false);
    fixture.detectChanges();
    return { form, fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
  }

  /** Harnesses wait for pending requests, so a field still waiting for them is read from the DOM. */
  function pendingHints(fixture: ReturnType<typeof render>['fixture']): string[] {
    fixture.detectChanges();
    const fields = Array.from<HTMLElement>(fixture.nativeElement.querySelectorAll('dsm-pending-select'));
    return fields.map((field) => `${field.querySelector('mat-label')?.textContent}: ${field.querySelector('mat-hint')?.textContent}`);
  }

  async function select(loader: ReturnType<typeof render>['loader'], label: string): Promise<MatSelectHarness> {
    const control = await (await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))).getControl(MatSelectHarness);
    if (!control) throw new Error(`The ${label} field holds no select`);
    return control;
  }

  /** Choosing an organization starts a request, which a harness would wait for: click the option itself. */
  async function chooseOrganization({ fixture, loader }: ReturnType<typeof render>, name: string) {
    await (await select(loader, 'Organization')).open();
    const options = Array.from<HTMLElement>(document.querySelectorAll('mat-option'));
    const option = options.find((candidate) => candidate.textContent?.trim() === name);
    if (!option) throw new Error(`No organization option "${name}" among ${options.map((candidate) => candidate.textContent?.trim()).join(', ')}`);
    option.click();
    fixture.detectChanges();
  }

  const flush = (url: string, body: object, params?: Record<string, string>) =>
    vi.waitFor(() =>
      http.expectOne((request) => request.url === url && Object.entries(params ?? {}).every(([k, v]) => request.params.get(k) === v)),
    ).then((request) => request.flush(body));

  it('keeps a select disabled until its options are loaded, and asks for customers only once an organization is chosen', async () => {
    const { fixture, loader } = render();

    expect(pendingHints(fixture)).toEqual([
      'Organization: Loading organizations…',
      'Customer: Choose an organization first',
      'Product 1: Loading products…',
    ]);
    await flush('/api/organizations', page(organizations));
    await flush('/api/products', page([]));

    expect(await (await select(loader, 'Organization')).isDisabled()).toBe(false);
    expect(await (await select(loader, 'Customer')).isDisabled()).toBe(true);
    http.expectNone((request) => request.url === '/api/customers');
  });

  it('lists the customers of the chosen organization and clears the customer when the organization changes', async () => {
    const rendered = render();
    const { form, fixture, loader } = rendered;
    await flush('/api/organizations', page(organizations));
    await flush('/api/products', page([]));

    await chooseOrganization(rendered, 'Acme');
    await flush('/api/customers', page([customer(5, 1, 'Ada')]), { organization_id: '1' });
    await (await select(loader, 'Customer')).clickOptions({ text: /Ada/ });
    expect(form.controls.customer_id.value).toBe(5);

    await chooseOrganization(rendered, 'Globex');
    expect(form.controls.customer_id.value).toBeNull();
    expect(pendingHints(fixture)).toEqual(['Customer: Loading customers…']);
    await flush('/api/customers', page([customer(6, 2, 'Bob')]), { organization_id: '2' });
    const customers = await select(loader, 'Customer');
    await customers.open();
    expect(await Promise.all((await customers.getOptions()).map((option) => option.getText()))).toEqual([
      'Bob Doe · bob@example.com',
    ]);
  });
});
