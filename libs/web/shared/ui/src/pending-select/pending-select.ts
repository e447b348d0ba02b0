import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

/**
 * Stands in for a select whose options are not there yet (loading, or waiting for another
 * choice): same label, disabled, with a hint why. A live select with an empty or changing option
 * list would open on nothing or have its options replaced under the pointer; this one cannot be
 * opened until the real select, with its final options, takes its place.
 */
@Component({
  selector: 'dsm-pending-select',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field appearance="outline" class="field">
      <mat-label>{{ label() }}</mat-label>
      <mat-select disabled [attr.aria-busy]="busy()" />
      <mat-hint>{{ hint() }}</mat-hint>
    </mat-form-field>
  `,
  styles: `
    :host { display: block; }
    .field { width: 100%; }
  `,
})
export class PendingSelect {
  readonly label = input.required<string>();
  readonly hint = input.required<string>();
  /** True while the options are loading (as opposed to waiting for another field). */
  readonly busy = input(true);
}
