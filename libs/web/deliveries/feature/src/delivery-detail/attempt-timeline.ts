import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { Attempt } from '@dsm/contracts';
import { StatusChip } from '@dsm/web/ui';
import { humanize } from '@dsm/web/util';

/** Each attempt with its state changes, oldest first, as recorded in the database. */
@Component({
  selector: 'dsm-attempt-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatIconModule, StatusChip],
  template: `
    @for (attempt of attempts(); track attempt.id) {
      <article class="attempt" [attr.aria-label]="'Attempt ' + attempt.number">
        <h3>Attempt {{ attempt.number }} <dsm-status-chip [status]="attempt.status" /></h3>
        <ol class="timeline" [attr.aria-label]="'Timeline of attempt ' + attempt.number">
          <li>
            <mat-icon aria-hidden="true">flag</mat-icon>
            <span class="what">Created</span>
            <time [attr.datetime]="attempt.created_at">{{ attempt.created_at | date: 'medium' }}</time>
          </li>
          @for (change of attempt.state_changes; track change.id) {
            <li>
              <mat-icon aria-hidden="true">arrow_forward</mat-icon>
              <span class="what">{{ humanize(change.state) }}</span>
              <time [attr.datetime]="change.created_at">{{ change.created_at | date: 'medium' }}</time>
              @if (change.recorded_by) {
                <span class="who">by {{ change.recorded_by }}</span>
              }
              @if (change.reason) {
                <span class="reason">“{{ change.reason }}”</span>
              }
            </li>
          }
        </ol>
      </article>
    } @empty {
      <p class="none">No attempts yet.</p>
    }
  `,
  styles: `
    .attempt { margin-bottom: 16px; }
    h3 { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-title-small); margin: 0 0 8px; }
    .timeline { list-style: none; margin: 0; padding: 0 0 0 8px; border-left: 2px solid var(--mat-sys-outline-variant); }
    li { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 4px 8px; }
    li mat-icon { font-size: 18px; width: 18px; height: 18px; color: var(--mat-sys-primary); }
    .what { font-weight: 500; min-width: 90px; }
    time, .who { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .reason { font-style: italic; }
    .none { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AttemptTimeline {
  readonly attempts = input.required<readonly Attempt[]>();

  protected readonly humanize = humanize;
}
