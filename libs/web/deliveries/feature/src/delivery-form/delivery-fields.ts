import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { DELIVERY_TYPES } from '@dsm/contracts';
import { fieldError, humanize } from '@dsm/web/util';
import type { DeliveryFieldControls } from './delivery-form-model';

/** Type, dispatch time, mileage and notes: the part of a delivery that is not its route. */
@Component({
  selector: 'dsm-delivery-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <fieldset class="section grid">
      <legend>Delivery</legend>
      <mat-form-field appearance="outline">
        <mat-label>Delivery type</mat-label>
        <mat-select [formControl]="controls().delivery_type">
          @for (type of types; track type) {
            <mat-option [value]="type">{{ humanize(type) }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ fieldError(controls().delivery_type) }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Dispatch at</mat-label>
        <input matInput type="datetime-local" [formControl]="controls().dispatch_at" />
        <mat-error>{{ fieldError(controls().dispatch_at) }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Mileage</mat-label>
        <input matInput type="number" min="0" [formControl]="controls().mileage" />
        <mat-error>{{ fieldError(controls().mileage) }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="wide">
        <mat-label>Notes</mat-label>
        <textarea matInput rows="2" [formControl]="controls().notes"></textarea>
        <mat-error>{{ fieldError(controls().notes) }}</mat-error>
      </mat-form-field>
    </fieldset>
  `,
  styleUrl: './form-section.scss',
  styles: `
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 16px; }
    .wide { grid-column: 1 / -1; }
  `,
})
export class DeliveryFields {
  /** The form's controls of these fields (the form may hold more). */
  readonly controls = input.required<DeliveryFieldControls>();

  protected readonly types = DELIVERY_TYPES;
  protected readonly humanize = humanize;
  protected readonly fieldError = fieldError;
}
