import { FormControl, FormGroup } from '@angular/forms';
import { type Delivery, type DeliveryPatch, DeliveryPatchSchema } from '@dsm/contracts';
import { changedValues, formToInput, fromLocalInput, toLocalInput, zodValidators } from '@dsm/web/util';
import { DEFAULT_DELIVERY_TYPE, type DeliveryFormControls, buildDetailsForm, localDateTime } from '../delivery-form/delivery-form-model';

const patch = zodValidators(DeliveryPatchSchema);

export type DeliveryEditForm = FormGroup<DeliveryFormControls>;

/**
 * A delivery's own fields as DeliveryPatchSchema allows them. Each detail part keeps its
 * DeliveryDetailsInputSchema rule, so a required part such as the drop-off city cannot be blanked.
 */
export function buildDeliveryEditForm(): DeliveryEditForm {
  return new FormGroup({
    delivery_type: new FormControl(DEFAULT_DELIVERY_TYPE, { nonNullable: true, validators: patch.delivery_type }),
    dispatch_at: new FormControl<string | null>(null, localDateTime),
    mileage: new FormControl<number | null>(null, patch.mileage),
    notes: new FormControl<string | null>(null, patch.notes),
    details: buildDetailsForm(),
  });
}

/** Shows the stored delivery in the form (the dispatch time in local time, as the input wants it). */
export function fillDeliveryEditForm(form: DeliveryEditForm, delivery: Delivery): void {
  form.reset({
    delivery_type: delivery.delivery_type,
    dispatch_at: toLocalInput(delivery.dispatch_at),
    mileage: delivery.mileage,
    notes: delivery.notes,
    details: delivery.details,
  });
}

/**
 * The request body: the changed fields as DeliveryPatchSchema parses them (the dispatch time as
 * an ISO timestamp; sending it only when changed keeps the stored time from being rounded to the
 * input's minutes); null when nothing changed. Throws a ZodError as the server would refuse.
 */
export function toDeliveryPatch(form: DeliveryEditForm): DeliveryPatch | null {
  const changed = changedValues(form);
  if (Object.keys(changed).length === 0) return null;
  if ('dispatch_at' in changed) changed['dispatch_at'] = fromLocalInput(form.controls.dispatch_at.value);
  return formToInput(DeliveryPatchSchema, changed);
}
