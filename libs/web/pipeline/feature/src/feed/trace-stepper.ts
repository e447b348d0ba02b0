import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatIconModule } from '@angular/material/icon';
import type { Trace } from '@dsm/contracts';
import { keysOf, trailOf } from './trace-trail';

/** One transaction's journey from commit to searchable, with the time of each hop. */
@Component({
  selector: 'dsm-trace-stepper',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatIconModule],
  template: `
    <h3>Transaction {{ traceId() }}</h3>
    @if (trace(); as current) {
      <p class="summary" data-testid="trace-status">{{ current.searchableAt !== null ? 'Searchable' : 'On its way' }} · {{ keys(current) }}</p>
      <ol class="stepper" aria-label="Journey of the transaction">
        @for (step of steps(); track step.label) {
          <li [class.done]="step.afterMs !== null" [class.failed]="step.error" [attr.data-testid]="'step-' + step.label">
            <mat-icon aria-hidden="true">{{ step.error ? 'error' : step.afterMs !== null ? 'check_circle' : 'radio_button_unchecked' }}</mat-icon>
            <span class="label">{{ step.label }}</span>
            @if (step.afterMs !== null) {
              <span class="time">+{{ step.afterMs }} ms</span>
              <span class="at">{{ step.at | date: 'HH:mm:ss.SSS' }}</span>
            }
            @if (step.error) {
              <span class="error">{{ step.error }}</span>
            }
          </li>
        }
      </ol>
    } @else {
      <p class="summary" data-testid="trace-status">Waiting for the pipeline to report this transaction…</p>
    }
  `,
  styles: `
    h3 { margin: 0; font-size: 16px; }
    .stepper { list-style: none; display: flex; flex-wrap: wrap; gap: 12px; padding: 0; margin: 8px 0 0; }
    li { display: flex; align-items: center; gap: 4px; color: #888; font-size: 13px; }
    li.done { color: #1b5e20; }
    li.failed { color: #b71c1c; }
    .time { font-weight: 500; }
    .at { color: #666; font-size: 11px; }
    .summary { margin: 4px 0 0; }
  `,
})
export class TraceStepper {
  readonly traceId = input.required<string>();
  readonly trace = input<Trace | null>(null);

  protected readonly steps = computed(() => {
    const trace = this.trace();
    return trace ? trailOf(trace) : [];
  });
  protected readonly keys = keysOf;
}
