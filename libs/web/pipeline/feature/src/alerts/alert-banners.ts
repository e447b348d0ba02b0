import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { AlertThresholds } from '@dsm/contracts';
import { type PipelineAlert, formatBytes } from '@dsm/web/pipeline/data-access';

/** Lag, slot WAL and stage-down banners, errors first, and the limits they are raised at. */
@Component({
  selector: 'dsm-alert-banners',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `
    @for (alert of alerts(); track alert.id) {
      <div class="banner" [class]="alert.severity" role="alert">
        <mat-icon aria-hidden="true">{{ alert.severity === 'error' ? 'error' : 'warning' }}</mat-icon>
        <span>{{ alert.message }}</span>
      </div>
    }
    <p class="limits" data-testid="alert-thresholds">
      Alerts at: lag over {{ thresholds().lagSeconds }} s · slot WAL over {{ walLimit() }} · a stage quiet for
      {{ thresholds().stageDownSeconds }} s while work waits
    </p>
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-radius: 6px; margin-bottom: 6px; }
    .error { background: #ffebee; color: #b71c1c; }
    .warning { background: #fff8e1; color: #8d6e00; }
    .limits { margin: 0 0 8px; font-size: 12px; color: rgba(0, 0, 0, 0.6); }
  `,
})
export class AlertBanners {
  readonly alerts = input.required<PipelineAlert[]>();
  readonly thresholds = input.required<AlertThresholds>();

  protected readonly walLimit = computed(() => formatBytes(this.thresholds().slotWalBytes));
}
