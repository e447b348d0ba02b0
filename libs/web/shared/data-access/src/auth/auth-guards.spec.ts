import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { permissionGuard, signedInGuard } from './auth-guards';
import { sessionExpiryInterceptor } from './session-expiry.interceptor';

@Component({ selector: 'dsm-page', template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class Page {}

/** The guard asks the server asynchronously, once the navigation has started. */
async function flushMe(http: HttpTestingController, role: string | null): Promise<void> {
  const request = await vi.waitFor(() => http.expectOne('/api/auth/me'));
  if (role) request.flush({ user: { id: 1, email: 'u@example.com', role } });
  else request.flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
}

describe('route guards and the session-expiry interceptor', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([sessionExpiryInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: Page },
          { path: 'forbidden', component: Page },
          { path: 'deliveries', component: Page, canActivate: [signedInGuard] },
          { path: 'deliveries/new', component: Page, canActivate: [permissionGuard('write')] },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  it('sends a visitor without a session to sign-in, keeping the page they wanted', async () => {
    const navigation = harness.navigateByUrl('/deliveries?status=failed');
    await flushMe(http, null);
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/sign-in?returnUrl=%2Fdeliveries%3Fstatus%3Dfailed');
  });

  it('lets a signed-in user through', async () => {
    const navigation = harness.navigateByUrl('/deliveries');
    await flushMe(http, 'viewer');
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/deliveries');
  });

  it('keeps a viewer out of write pages', async () => {
    const navigation = harness.navigateByUrl('/deliveries/new');
    await flushMe(http, 'viewer');
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/forbidden');
  });

  it('lets a dispatcher into write pages', async () => {
    const navigation = harness.navigateByUrl('/deliveries/new');
    await flushMe(http, 'dispatcher');
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/deliveries/new');
  });

  it('returns to sign-in with the current page when an API call answers 401', async () => {
    const navigation = harness.navigateByUrl('/deliveries');
    await flushMe(http, 'dispatcher');
    await navigation;

    TestBed.inject(HttpClient).get('/api/orders').subscribe({ error: () => undefined });
    http.expectOne('/api/orders').flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sign-in?returnUrl=%2Fdeliveries'));
  });
});
