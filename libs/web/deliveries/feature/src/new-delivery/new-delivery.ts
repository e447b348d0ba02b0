import { ChangeDetectionStrategy, Component, inject, resource, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { type Delivery, DeliveryInputSchema, OrderInputSchema, type WriteResult } from '@dsm/contracts';
import { ChangeFollower, DeliveriesApi, Notifier, OrdersApi, reportErrors } from '@dsm/web/data-access';
import { OrderFields } from '@dsm/web/records';
import { PendingSelect } from '@dsm/web/ui';
import { applyServerErrors, fieldError, formToInput, fromLocalInput, humanize, toProblem } from '@dsm/web/util';
import { AddressFields } from '../delivery-form/address-fields';
import { DeliveryFields } from '../delivery-form/delivery-fields';
import { buildDeliveryForm, switchOrderMode } from './new-delivery-form';

/** Creates a delivery, for an existing order or a new one entered on the same screen. */
@Component({
  selector: 'dsm-new-delivery',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatProgressBarModule,
    MatSelectModule,
    AddressFields,
    DeliveryFields,
    OrderFields,
    PendingSelect,
  ],
  templateUrl: './new-delivery.html',
  styleUrls: ['../delivery-form/form-section.scss', '../delivery-form/delivery-form.scss', './new-delivery.scss'],
})
export class NewDelivery {
  private readonly ordersApi = inject(OrdersApi);
  private readonly deliveriesApi = inject(DeliveriesApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);
  private readonly savingState = signal(false);
  private readonly formErrorsState = signal<string[]>([]);
  /** An order created by an earlier, failed submit is reused rather than created twice. */
  private createdOrderId: number | null = null;

  protected readonly form = buildDeliveryForm();
  protected readonly humanize = humanize;
  protected readonly fieldError = fieldError;
  protected readonly saving = this.savingState.asReadonly();
  protected readonly formErrors = this.formErrorsState.asReadonly();
  protected readonly mode = toSignal(this.form.controls.orderMode.valueChanges, { initialValue: 'existing' as const });
  protected readonly orders = resource({ loader: () => this.ordersApi.list({ size: 200, sort: '-created_at' }) });

  constructor() {
    reportErrors(this.orders);
    this.form.controls.orderMode.valueChanges.subscribe((mode) => switchOrderMode(this.form, mode));
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.savingState()) return;
    this.savingState.set(true);
    this.formErrorsState.set([]);
    try {
      const orderId = await this.resolveOrder();
      if (orderId === null) return;
      const result = await this.createDelivery(orderId);
      if (result === null) return;
      this.follower.follow(result.txId, `Delivery #${result.data.id} created`);
      this.notifier.info('Delivery created');
      await this.router.navigate(['/deliveries', result.data.id]);
    } finally {
      this.savingState.set(false);
    }
  }

  /** The chosen order, or the newly created one; null when creating it failed (errors shown). */
  private async resolveOrder(): Promise<number | null> {
    const { orderMode, order_id, newOrder } = this.form.getRawValue();
    if (orderMode === 'existing') return order_id;
    if (this.createdOrderId !== null) return this.createdOrderId;
    try {
      const result = await this.ordersApi.create(formToInput(OrderInputSchema, newOrder));
      this.createdOrderId = result.data.id;
      return result.data.id;
    } catch (error) {
      this.formErrorsState.set(applyServerErrors(this.form.controls.newOrder, toProblem(error)));
      return null;
    }
  }

  /** The created delivery; null when the server refused it (errors shown on the fields). */
  private async createDelivery(orderId: number): Promise<WriteResult<Delivery> | null> {
    const { delivery_type, dispatch_at, mileage, notes, details } = this.form.getRawValue();
    const input = { order_id: orderId, delivery_type, dispatch_at: fromLocalInput(dispatch_at), mileage, notes, details };
    try {
      return await this.deliveriesApi.create(formToInput(DeliveryInputSchema, input));
    } catch (error) {
      this.formErrorsState.set(applyServerErrors(this.form, toProblem(error)));
      return null;
    }
  }
}
