import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { type Login, type Permission, SessionInfoSchema, type User, can } from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * The signed-in user. `undefined` until the server has been asked once (so guards wait instead of
 * bouncing a signed-in user to the sign-in page on reload), then the user or `null`.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly current = signal<User | null | undefined>(undefined);
  private restoring: Promise<User | null> | null = null;

  readonly user = this.current.asReadonly();
  readonly signedIn = computed(() => !!this.current());
  readonly canWrite = computed(() => this.allows('write'));

  allows(permission: Permission): boolean {
    const user = this.current();
    return !!user && can(user.role, permission);
  }

  /** Asks the server once who is signed in; later calls share the answer. */
  restore(): Promise<User | null> {
    const known = this.current();
    if (known !== undefined) return Promise.resolve(known);
    this.restoring ??= this.fetchMe().finally(() => (this.restoring = null));
    return this.restoring;
  }

  /** The server answers with the user and sets the session and CSRF cookies. */
  async signIn(login: Login): Promise<User> {
    const { user } = SessionInfoSchema.parse(await firstValueFrom(this.http.post('/api/auth/login', login)));
    this.current.set(user);
    return user;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/api/auth/logout', {}));
    } finally {
      this.current.set(null);
    }
  }

  /** Called when the server answers 401: the cookie expired or was revoked. */
  expire(): void {
    this.current.set(null);
  }

  private async fetchMe(): Promise<User | null> {
    try {
      const { user } = SessionInfoSchema.parse(await firstValueFrom(this.http.get('/api/auth/me')));
      this.current.set(user);
      return user;
    } catch (error) {
      if (error instanceof HttpErrorResponse && (error.status === 401 || error.status === 403)) {
        this.current.set(null);
        return null;
      }
      throw error;
    }
  }
}
