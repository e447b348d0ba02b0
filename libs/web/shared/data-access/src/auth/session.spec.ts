import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from './session';

const me = (role: string) => ({ user: { id: 1, email: 'd@example.com', role } });

describe('Session', () => {
  let session: Session;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    session = TestBed.inject(Session);
    http = TestBed.inject(HttpTestingController);
  });

  it('restores the signed-in user from /api/auth/me once, sharing the answer', async () => {
    const first = session.restore();
    const second = session.restore();
    http.expectOne('/api/auth/me').flush(me('dispatcher'));

    expect(await first).toEqual(me('dispatcher').user);
    expect(await second).toEqual(await first);
    expect(session.canWrite()).toBe(true);
    http.verify();
  });

  it('knows nobody is signed in when the server answers 401', async () => {
    const restored = session.restore();
    http.expectOne('/api/auth/me').flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });

    expect(await restored).toBeNull();
    expect(session.signedIn()).toBe(false);
  });

  it('gives viewers no write permission', async () => {
    const restored = session.restore();
    http.expectOne('/api/auth/me').flush(me('viewer'));
    await restored;

    expect(session.allows('read')).toBe(true);
    expect(session.canWrite()).toBe(false);
  });

  it('signs in and keeps the user the server answers with', async () => {
    const signedIn = session.signIn({ email: 'd@example.com', password: 'secret' });
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'd@example.com', password: 'secret' });
    login.flush(me('admin'));

    expect((await signedIn).role).toBe('admin');
    expect(session.user()?.email).toBe('d@example.com');
  });

  it('forgets the user on sign-out', async () => {
    const restored = session.restore();
    http.expectOne('/api/auth/me').flush(me('dispatcher'));
    await restored;

    const signedOut = session.signOut();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await signedOut;

    expect(session.user()).toBeNull();
  });
});
