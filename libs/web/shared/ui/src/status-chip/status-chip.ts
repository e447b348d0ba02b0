import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { humanize } from '@dsm/web/util';

/** A delivery, order or invoice status as a coloured pill; the colour follows the meaning. */
@Component({
  selector: 'dsm-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip" [class]="'chip tone-' + tone()">{{ label() }}</span>`,
  styles: `
    .chip { display: inline-block; padding: 2px 10px; border-radius: 12px; font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface); white-space: nowrap; }
    .tone-progress { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .tone-good { background: #c8e6c9; color: #1b5e20; }
    .tone-bad { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .tone-muted { background: var(--mat-sys-surface-variant); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class StatusChip {
  readonly status = input.required<string>();

  protected readonly label = computed(() => humanize(this.status()));
  protected readonly tone = computed(() => toneOf(this.status()));
}

const TONES: Record<string, string> = {
  dispatched: 'progress',
  in_transit: 'progress',
  issued: 'progress',
  delivered: 'good',
  fulfilled: 'good',
  paid: 'good',
  failed: 'bad',
  cancelled: 'muted',
  void: 'muted',
  high: 'bad',
  sending: 'progress',
  retrying: 'progress',
  sent: 'good',
  unconfirmed: 'bad',
};

function toneOf(status: string): string {
  return TONES[status] ?? 'neutral';
}
