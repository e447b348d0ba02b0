import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import type { Trace } from '@dsm/contracts';
import { keysOf, trailOf } from './trace-trail';

/** Recent transactions, newest first, each with its per-stage timestamp trail. */
@Component({
  selector: 'dsm-live-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, DatePipe],
  template: `
    @if (traces().length === 0) {
      <p class="empty">No transactions yet. Save something and watch it arrive here.</p>
    } @else {
      <ul class="feed" aria-label="Recent transactions">
        @for (trace of traces(); track trace.traceId) {
          <li [attr.data-testid]="'feed-' + trace.traceId">
            <button mat-button type="button" (click)="follow.emit(trace.traceId)" [attr.aria-label]="'Follow transaction ' + trace.traceId">
              tx {{ trace.traceId }}
            </button>
            <span class="keys">{{ keys(trace) }}</span>
            <span class="when">{{ trace.updatedAt | date: 'HH:mm:ss' }}</span>
            <span class="trail">
              @for (step of trail(trace); track step.label) {
                <span class="hop" [class.pending]="step.afterMs === null" [class.failed]="step.error">
                  {{ step.label }}@if (step.afterMs !== null) { +{{ step.afterMs }} ms}
                </span>
              }
            </span>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .feed { list-style: none; margin: 0; padding: 0; max-height: 320px; overflow: auto; }
    li { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; border-bottom: 1px solid #eee; padding: 2px 0; font-size: 12px; }
    .keys { color: #555; min-width: 140px; }
    .trail { display: flex; flex-wrap: wrap; gap: 6px; }
    .hop { background: #e8f5e9; border-radius: 4px; padding: 0 4px; }
    .hop.pending { background: #eeeeee; color: #555555; }
    .hop.failed { background: #ffebee; }
    .empty { color: #666; }
  `,
})
export class LiveFeed {
  readonly traces = input.required<Trace[]>();
  readonly follow = output<string>();

  protected readonly trail = trailOf;
  protected readonly keys = keysOf;
}
