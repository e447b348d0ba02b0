import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { PipelineAlert } from '@dsm/web/pipeline/data-access';

/** Lag, slot WAL and stage-down banners; errors first. */
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
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-radius: 6px; margin-bottom: 6px; }
    .error { background: #ffebee; color: #b71c1c; }
    .warning { background: #fff8e1; color: #8d6e00; }
  `,
})
export class AlertBanners {
  readonly alerts = input.required<PipelineAlert[]>();
}
