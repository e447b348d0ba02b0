import { type AbstractControl, FormControl, FormGroup, type ValidationErrors } from '@angular/forms';
import { DeliveryDetailsInputSchema, DeliveryInputSchema } from '@dsm/contracts';
import { initialValue, zodValidators } from '@dsm/web/util';

const details = zodValidators(DeliveryDetailsInputSchema);

export const ADDRESS_PARTS = [
  'contact_name',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'phone_number',
  'instructions',
] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export type DetailsForm = FormGroup<Record<`${'from' | 'to'}_${AddressPart}`, FormControl<string | null>>>;

/** The delivery's own fields, shared by the new-delivery and edit-delivery forms. */
export interface DeliveryFieldControls {
  delivery_type: FormControl<string>;
  dispatch_at: FormControl<string | null>;
  mileage: FormControl<number | null>;
  notes: FormControl<string | null>;
}

/** A delivery's own fields and its route: what both delivery forms show. */
export type DeliveryFormControls = DeliveryFieldControls & { details: DetailsForm };

/** The type a new delivery gets when none is chosen (DeliveryInputSchema's default). */
export const DEFAULT_DELIVERY_TYPE = initialValue(DeliveryInputSchema.shape.delivery_type) as string;

/** Both halves of the details, each field checked with the rule of DeliveryDetailsInputSchema. */
export function buildDetailsForm(): DetailsForm {
  const entries = (['from', 'to'] as const).flatMap((side) =>
    ADDRESS_PARTS.map((part) => {
      const key = `${side}_${part}` as const;
      return [key, new FormControl<string | null>('', details[key])] as const;
    }),
  );
  return new FormGroup(Object.fromEntries(entries) as DetailsForm['controls']);
}

/** `<input type="datetime-local">` gives local time without an offset; any real date is fine. */
export function localDateTime(control: AbstractControl): ValidationErrors | null {
  const value = control.value as string | null;
  return !value || !Number.isNaN(new Date(value).getTime()) ? null : { zod: 'Enter a date and time' };
}
