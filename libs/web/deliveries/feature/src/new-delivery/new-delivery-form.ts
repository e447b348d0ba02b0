import { FormControl, FormGroup } from '@angular/forms';
import { DeliveryInputSchema } from '@dsm/contracts';
import { type OrderForm, buildOrderForm } from '@dsm/web/records';
import { zodValidators } from '@dsm/web/util';
import { DEFAULT_DELIVERY_TYPE, type DeliveryFormControls, buildDetailsForm, localDateTime } from '../delivery-form/delivery-form-model';

const delivery = zodValidators(DeliveryInputSchema);

export type DeliveryForm = FormGroup<
  DeliveryFormControls & {
    orderMode: FormControl<'existing' | 'new'>;
    order_id: FormControl<number | null>;
    newOrder: OrderForm;
  }
>;

/** A delivery for an existing order (or a new one), with pickup and drop-off details. */
export function buildDeliveryForm(): DeliveryForm {
  const newOrder = buildOrderForm();
  newOrder.disable();
  return new FormGroup({
    orderMode: new FormControl<'existing' | 'new'>('existing', { nonNullable: true }),
    order_id: new FormControl<number | null>(null, delivery.order_id),
    newOrder,
    delivery_type: new FormControl(DEFAULT_DELIVERY_TYPE, { nonNullable: true, validators: delivery.delivery_type }),
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
