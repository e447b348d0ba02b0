import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { FreshnessPollingTracker } from '@dsm/web/data-access';
import { switchMap, timer } from 'rxjs';

/** "Index up to date" or "n s behind", refreshed every few seconds; hidden when unknown. */
@Component({
  selector: 'dsm-freshness-hint',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `
    @if (text(); as label) {
      <span class="hint" [class.behind]="behind()" role="status" data-testid="freshness">
        <mat-icon aria-hidden="true">{{ behind() ? 'schedule' : 'check_circle' }}</mat-icon>{{ label }}
      </span>
    }
  `,
  styles: `
    .hint { display: inline-flex; align-items: center; gap: 4px; font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant); }
    .hint mat-icon { font-size: 18px; width: 18px; height: 18px; color: var(--mat-sys-primary); }
    .behind mat-icon { color: var(--mat-sys-error); }
  `,
})
export class FreshnessHint {
  private readonly tracker = inject(FreshnessPollingTracker);
  private readonly freshness = toSignal(
    timer(0, 5000).pipe(switchMap(() => this.tracker.freshness())),
    { initialValue: null },
  );

  protected readonly behind = computed(() => this.freshness()?.upToDate === false);
  protected readonly text = computed(() => {
    const freshness = this.freshness();
    if (!freshness) return null;
    if (freshness.upToDate) return 'Index up to date';
    return `Index ${Math.max(1, Math.round(freshness.behindSeconds ?? 0))} s behind`;
  });
}
