import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { type RecordableState, StateChangeInputSchema } from '@dsm/contracts';
import { fieldError, humanize, zodValidator } from '@dsm/web/util';

const ICONS: Record<RecordableState, string> = {
  dispatched: 'send',
  in_transit: 'local_shipping',
  delivered: 'task_alt',
  failed: 'report',
  cancelled: 'block',
};

/** The next states the state machine allows, as buttons; a reason can go with any of them. */
@Component({
  selector: 'dsm-state-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <section class="actions" aria-label="Record progress">
      @if (allowed().length > 0) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="reason">
          <mat-label>Reason (optional)</mat-label>
          <input matInput [formControl]="reason" />
          <mat-error>{{ fieldError(reason) }}</mat-error>
        </mat-form-field>
        @for (state of allowed(); track state) {
          <button mat-stroked-button type="button" [disabled]="busy()" (click)="record(state)">
            <mat-icon>{{ icons[state] }}</mat-icon>
            Mark {{ humanize(state).toLowerCase() }}
          </button>
        }
      }
      @if (canRetry()) {
        <button mat-flat-button type="button" [disabled]="busy()" (click)="retried.emit()">
          <mat-icon>replay</mat-icon>
          Start new attempt
        </button>
      }
      @if (allowed().length === 0 && !canRetry()) {
        <p class="final">No further steps: this delivery is finished.</p>
      }
    </section>
  `,
  styles: `
    .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 16px 0; }
    .reason { width: min(320px, 100%); }
    .final { margin: 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class StateActions {
  readonly allowed = input.required<readonly RecordableState[]>();
  readonly canRetry = input(false);
  readonly busy = input(false);
  readonly recorded = output<{ state: RecordableState; reason: string | null }>();
  readonly retried = output<void>();

  protected readonly icons = ICONS;
  protected readonly humanize = humanize;
  protected readonly fieldError = fieldError;
  protected readonly reason = new FormControl<string>('', { nonNullable: true, validators: zodValidator(StateChangeInputSchema.shape.reason) });

  protected record(state: RecordableState): void {
    if (this.reason.invalid) return;
    this.recorded.emit({ state, reason: this.reason.value.trim() || null });
    this.reason.reset();
  }
}
