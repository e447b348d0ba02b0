import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { StatusChangeEntry } from '@dsm/web/data-access';
import { humanize } from '@dsm/web/util';

/** The audit trail of a delivery's state changes, newest first: when, who, from → to. */
@Component({
  selector: 'dsm-status-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <ol class="history" aria-label="State changes (audit)">
      @for (entry of entries(); track entry.id) {
        <li>
          <time [attr.datetime]="entry.at">{{ entry.at | date: 'medium' }}</time>
          <span class="move">{{ humanize(entry.from) }} → {{ humanize(entry.to) }}</span>
          <span class="meta">attempt {{ entry.attempt }} · {{ entry.actor ? 'by ' + entry.actor : 'by the system' }}</span>
          @if (entry.reason) {
            <span class="reason">“{{ entry.reason }}”</span>
          }
        </li>
      } @empty {
        <li class="none">No state changes in the audit index yet.</li>
      }
    </ol>
  `,
  styles: `
    .history { list-style: none; margin: 0; padding: 0; }
    li { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    time, .meta { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .move { font-weight: 500; }
    .reason { font-style: italic; }
    .none { color: var(--mat-sys-on-surface-variant); border: 0; }
  `,
})
export class StatusHistory {
  readonly entries = input.required<readonly StatusChangeEntry[]>();

  protected readonly humanize = humanize;
}
