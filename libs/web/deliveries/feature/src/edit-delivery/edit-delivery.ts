import { ChangeDetectionStrategy, Component, effect, inject, input, resource, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { ChangeFollower, DeliveriesApi, Notifier, reportErrors } from '@dsm/web/data-access';
import { applyServerErrors, toProblem } from '@dsm/web/util';
import { AddressFields } from '../delivery-form/address-fields';
import { DeliveryFields } from '../delivery-form/delivery-fields';
import { buildDeliveryEditForm, fillDeliveryEditForm, toDeliveryPatch } from './delivery-edit-form';

/** Changes a delivery's own fields and route; its order and status are changed elsewhere. */
@Component({
  selector: 'dsm-edit-delivery',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatProgressBarModule, AddressFields, DeliveryFields],
  templateUrl: './edit-delivery.html',
  styleUrl: '../delivery-form/delivery-form.scss',
})
export class EditDelivery {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly deliveriesApi = inject(DeliveriesApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);
  private readonly savingState = signal(false);
  private readonly formErrorsState = signal<string[]>([]);

  protected readonly form = buildDeliveryEditForm();
  protected readonly saving = this.savingState.asReadonly();
  protected readonly formErrors = this.formErrorsState.asReadonly();
  protected readonly delivery = resource({
    params: () => Number(this.id()),
    loader: ({ params }) => this.deliveriesApi.get(params),
  });

  constructor() {
    reportErrors(this.delivery);
    effect(() => {
      if (this.delivery.hasValue()) fillDeliveryEditForm(this.form, this.delivery.value());
    });
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || !this.delivery.hasValue() || this.savingState()) return;
    const id = this.delivery.value().id;
    this.savingState.set(true);
    this.formErrorsState.set([]);
    try {
      const patch = toDeliveryPatch(this.form);
      if (patch === null) {
        this.notifier.info('Nothing changed');
        await this.router.navigate(['/deliveries', id]);
        return;
      }
      const result = await this.deliveriesApi.update(id, patch);
      this.follower.follow(result.txId, `Delivery #${id} updated`);
      this.notifier.info('Delivery saved');
      await this.router.navigate(['/deliveries', id]);
    } catch (error) {
      this.formErrorsState.set(applyServerErrors(this.form, toProblem(error)));
    } finally {
      this.savingState.set(false);
    }
  }
}
