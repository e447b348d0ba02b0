import { type AbstractControl, FormControl, FormGroup, type ValidationErrors } from '@angular/forms';
import { DeliveryDetailsInputSchema, DeliveryInputSchema } from '@dsm/contracts';
import { type OrderForm, buildOrderForm } from '@dsm/web/records';
import { initialValue, zodValidators } from '@dsm/web/util';

const delivery = zodValidators(DeliveryInputSchema);
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

export type DeliveryForm = FormGroup<{
  orderMode: FormControl<'existing' | 'new'>;
  order_id: FormControl<number | null>;
  newOrder: OrderForm;
  delivery_type: FormControl<string>;
  dispatch_at: FormControl<string | null>;
  mileage: FormControl<number | null>;
  notes: FormControl<string | null>;
  details: DetailsForm;
}>;

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

/** A delivery for an existing order (or a new one), with pickup and drop-off details. */
export function buildDeliveryForm(): DeliveryForm {
  const newOrder = buildOrderForm();
  newOrder.disable();
  return new FormGroup({
    orderMode: new FormControl<'existing' | 'new'>('existing', { nonNullable: true }),
    order_id: new FormControl<number | null>(null, delivery.order_id),
    newOrder,
    delivery_type: new FormControl(initialValue(DeliveryInputSchema.shape.delivery_type) as string, {
      nonNullable: true,
      validators: delivery.delivery_type,
    }),
    dispatch_at: new FormControl<string | null>(null, localDateTime),
    mileage: new FormControl<number | null>(null, delivery.mileage),
    notes: new FormControl<string | null>('', delivery.notes),
    details: buildDetailsForm(),
  });
}

/** Existing order: pick one. New order: fill the order fields; only the active part validates. */
export function switchOrderMode(form: DeliveryForm, mode: 'existing' | 'new'): void {
  if (mode === 'new') {
    form.controls.order_id.disable();
    form.controls.newOrder.enable();
  } else {
    form.controls.newOrder.disable();
    form.controls.order_id.enable();
  }
}
