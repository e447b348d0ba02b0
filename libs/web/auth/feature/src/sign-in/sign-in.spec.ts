import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SignIn } from './sign-in';

@Component({ selector: 'dsm-target', template: 'target', changeDetection: ChangeDetectionStrategy.OnPush })
class Target {}

describe('SignIn', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: SignIn },
          { path: 'orders', component: Target },
          { path: 'deliveries', component: Target },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  async function open(url: string) {
    await harness.navigateByUrl(url);
    return TestbedHarnessEnvironment.loader(harness.fixture);
  }

  it('shows field errors from the login schema and sends nothing when the form is invalid', async () => {
    const loader = await open('/sign-in');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[type=email]' }))).setValue('not-an-email');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();

    const email = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Email' }));
    expect(await email.getTextErrors()).toEqual([expect.stringMatching(/email/i)]);
    const password = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Password' }));
    expect(await password.getTextErrors()).toEqual(['Required']);
    http.expectNone('/api/auth/login');
  });

  it('signs in and returns to the page the user wanted', async () => {
    const loader = await open('/sign-in?returnUrl=%2Forders');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[type=email]' }))).setValue('d@example.com');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[type=password]' }))).setValue('secret-password');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();
    http.expectOne('/api/auth/login').flush({ user: { id: 1, email: 'd@example.com', role: 'dispatcher' } });

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/orders'));
  });

  it('says the credentials are wrong on 401 and stays on the page', async () => {
    const loader = await open('/sign-in');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[type=email]' }))).setValue('d@example.com');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[type=password]' }))).setValue('wrong');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();
    http
      .expectOne('/api/auth/login')
      .flush({ type: 'about:blank', title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });

    await vi.waitFor(() => expect(harness.routeNativeElement?.textContent).toContain('Wrong email or password'));
    expect(TestBed.inject(Router).url).toBe('/sign-in');
  });
});
