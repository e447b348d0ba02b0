import { ChangeDetectionStrategy, Component, inject, resource } from '@angular/core';
import { DatePipe, JsonPipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { PipelineApi, PipelineLive } from '@dsm/web/pipeline/data-access';

/** Who asked the pipeline for what, and whether it was accepted; reloads as commands report back. */
@Component({
  selector: 'dsm-audit-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, JsonPipe, MatButtonModule],
  template: `
    <section aria-label="Audit log">
      <button mat-button type="button" (click)="entries.reload()">Refresh</button>
      @if (entries.hasValue()) {
        @if (entries.value().length === 0) {
          <p class="empty">No operator commands yet.</p>
        } @else {
          <ul>
            @for (entry of entries.value(); track entry.id) {
              <li [class.refused]="entry.outcome === 'refused'">
                {{ entry.at | date: 'HH:mm:ss' }} · {{ entry.actor.email }} · {{ entry.command | json }} · {{ entry.outcome }}
                @if (entry.reason) {
                  ({{ entry.reason }})
                }
              </li>
            }
          </ul>
        }
      } @else if (entries.error()) {
        <p class="empty">The audit log could not be loaded.</p>
      }
    </section>
  `,
  styles: `
    ul { list-style: none; padding: 0; margin: 0; font-size: 12px; max-height: 200px; overflow: auto; }
    .refused { color: #b71c1c; }
    .empty { color: #666; }
  `,
})
export class AuditLog {
  private readonly api = inject(PipelineApi);
  private readonly live = inject(PipelineLive);

  // Keyed on the latest control status, so a confirmed command shows up without a manual refresh.
  protected readonly entries = resource({ params: () => ({ latest: this.live.controlStatuses()[0]?.at ?? 0 }), loader: () => this.api.audit() });
}
