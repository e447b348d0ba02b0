import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import type { Permission } from '@dsm/contracts';
import { Session } from './session';

/** Lets signed-in users through; everyone else goes to sign-in, keeping the page they wanted. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const user = await inject(Session).restore();
  return user ? true : router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Only users whose role grants `permission`; others land on the deliveries list. */
export function permissionGuard(permission: Permission): CanActivateFn {
  return async (_route, state) => {
    const session = inject(Session);
    const router = inject(Router);
    const user = await session.restore();
    if (!user) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
    return session.allows(permission) ? true : router.createUrlTree(['/forbidden']);
  };
}

/** The sign-in page is pointless for someone already signed in. */
export const signedOutGuard: CanActivateFn = async () => {
  const user = await inject(Session).restore();
  return user ? inject(Router).createUrlTree(['/deliveries']) : true;
};
