import { FormControl, FormGroup } from '@angular/forms';
import { type Delivery, DeliveryPatchSchema } from '@dsm/contracts';
import { toLocalInput, zodValidators } from '@dsm/web/util';
import { type DeliveryFieldControls, type DetailsForm, buildDetailsForm, localDateTime } from '../new-delivery/delivery-form-model';

const patch = zodValidators(DeliveryPatchSchema);

export type DeliveryEditForm = FormGroup<DeliveryFieldControls & { details: DetailsForm }>;

/**
 * A delivery's own fields as DeliveryPatchSchema allows them. The details are edited as a whole
 * (every part is sent), so each part keeps its DeliveryDetailsInputSchema rule: a required part
 * such as the drop-off city cannot be blanked, where a partial rule would silently keep the old
 * value.
 */
export function buildDeliveryEditForm(): DeliveryEditForm {
  return new FormGroup({
    delivery_type: new FormControl('standard', { nonNullable: true, validators: patch.delivery_type }),
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
