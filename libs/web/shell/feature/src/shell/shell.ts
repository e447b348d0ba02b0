import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ChangeFollower, Notifier, Session } from '@dsm/web/data-access';
import { FollowChangePanel } from '@dsm/web/ui';
import { humanize } from '@dsm/web/util';
import { map } from 'rxjs';

export const NAV_LINKS = [
  { path: '/deliveries', label: 'Deliveries', icon: 'local_shipping' },
  { path: '/orders', label: 'Orders', icon: 'receipt_long' },
  { path: '/customers', label: 'Customers', icon: 'people' },
  { path: '/organizations', label: 'Organizations', icon: 'business' },
  { path: '/products', label: 'Products', icon: 'inventory_2' },
  { path: '/invoices', label: 'Invoices', icon: 'request_quote' },
  { path: '/pipeline', label: 'Pipeline', icon: 'monitor_heart' },
] as const;

/** The signed-in frame: navigation, user menu and the "follow this change" panel. */
@Component({
  selector: 'dsm-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatMenuModule,
    FollowChangePanel,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);

  protected readonly links = NAV_LINKS;
  protected readonly user = this.session.user;
  protected readonly roleLabel = computed(() => humanize(this.session.user()?.role));
  protected readonly change = this.follower.progress;
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  protected dismissChange(): void {
    this.follower.dismiss();
  }

  protected async signOut(): Promise<void> {
    try {
      await this.session.signOut();
    } catch (error) {
      this.notifier.error(error);
    }
    this.follower.dismiss();
    await this.router.navigate(['/sign-in']);
  }
}
