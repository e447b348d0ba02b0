import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { fieldError } from '@dsm/web/util';
import type { AddressPart, DetailsForm } from './delivery-form-model';

const PARTS: { part: AddressPart; label: string; wide?: boolean; autocomplete?: string }[] = [
  { part: 'contact_name', label: 'Contact name', autocomplete: 'name' },
  { part: 'phone_number', label: 'Phone', autocomplete: 'tel' },
  { part: 'address', label: 'Address', wide: true, autocomplete: 'street-address' },
  { part: 'city', label: 'City', autocomplete: 'address-level2' },
  { part: 'state', label: 'State / region', autocomplete: 'address-level1' },
  { part: 'zip', label: 'Postal code', autocomplete: 'postal-code' },
  { part: 'country', label: 'Country (2 letters)', autocomplete: 'country' },
  { part: 'instructions', label: 'Instructions', wide: true },
];

/** The pickup (`from`) or drop-off (`to`) half of a delivery's details. */
@Component({
  selector: 'dsm-address-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  template: `
    <fieldset class="section address" [formGroup]="form()">
      <legend>{{ legend() }}</legend>
      @for (field of fields(); track field.key) {
        <mat-form-field appearance="outline" [class.wide]="field.wide">
          <mat-label>{{ field.label }}</mat-label>
          <input matInput [formControlName]="field.key" [attr.autocomplete]="field.autocomplete ?? 'off'" />
          <mat-error>{{ fieldError(form().get(field.key)) }}</mat-error>
        </mat-form-field>
      }
    </fieldset>
  `,
  styleUrl: './form-section.scss',
  styles: `
    .address { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 4px 16px; }
    .wide { grid-column: 1 / -1; }
  `,
})
export class AddressFields {
  readonly form = input.required<DetailsForm>();
  readonly side = input.required<'from' | 'to'>();
  readonly legend = input.required<string>();

  protected readonly fieldError = fieldError;
  protected readonly fields = computed(() =>
    PARTS.map((item) => ({ ...item, key: `${this.side()}_${item.part}`, label: `${this.legend()} ${item.label.toLowerCase()}` })),
  );
}
