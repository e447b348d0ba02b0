import type { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from '@dsm/web/data-access';

export const appRoutes: Routes = [
  {
    path: 'sign-in',
    canActivate: [signedOutGuard],
    title: 'Sign in',
    loadComponent: () => import('@dsm/web/auth').then((m) => m.SignIn),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    canActivateChild: [signedInGuard],
    loadComponent: () => import('@dsm/web/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'deliveries' },
      { path: 'deliveries', loadChildren: () => import('@dsm/web/deliveries').then((m) => m.DELIVERY_ROUTES) },
      { path: 'pipeline', loadChildren: () => import('@dsm/web/pipeline').then((m) => m.PIPELINE_ROUTES) },
      { path: 'forbidden', title: 'Not allowed', loadComponent: () => import('@dsm/web/auth').then((m) => m.Forbidden) },
      { path: '', loadChildren: () => import('@dsm/web/records').then((m) => m.RECORD_ROUTES) },
    ],
  },
  { path: '**', redirectTo: 'deliveries' },
];
