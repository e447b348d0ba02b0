import { ChangeDetectionStrategy, Component, computed, effect, inject, input, resource, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { type Order, OrderInputSchema, OrderPatchSchema, type WriteResult } from '@dsm/contracts';
import { ChangeFollower, NotificationsApi, Notifier, OrdersApi, Session, reportErrors } from '@dsm/web/data-access';
import { NotificationLog } from '@dsm/web/ui';
import { applyServerErrors, changedValues, formToInput, toProblem } from '@dsm/web/util';
import { OrderFields } from './order-fields';
import { buildOrderForm, fillOrderForm } from './order-form-model';

/** Create or edit an order with its items. */
@Component({
  selector: 'dsm-order-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatProgressBarModule, OrderFields, NotificationLog],
  templateUrl: './order-editor.html',
  styles: `.notifications { margin: 24px 0; } h2 { font: var(--mat-sys-title-medium); margin: 0 0 8px; }`,
})
export class OrderEditor {
  readonly id = input<string>();

  private readonly api = inject(OrdersApi);
  private readonly notificationsApi = inject(NotificationsApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);
  private readonly savingState = signal(false);
  private readonly formErrorsState = signal<string[]>([]);

  protected readonly canWrite = inject(Session).canWrite;
  protected readonly saving = this.savingState.asReadonly();
  protected readonly formErrors = this.formErrorsState.asReadonly();
  protected readonly form = buildOrderForm();
  protected readonly editing = computed(() => this.id() !== undefined && this.id() !== 'new');
  protected readonly existing = resource({
    params: () => (this.editing() ? Number(this.id()) : undefined),
    loader: ({ params }) => this.api.get(params),
  });

  /** The e-mails sent about this order (e.g. the confirmation of a high-priority order). */
  protected readonly notifications = resource({
    params: () => (this.editing() ? Number(this.id()) : undefined),
    loader: ({ params }) => this.notificationsApi.list({ orderId: params }),
  });

  constructor() {
    reportErrors(this.existing);
    reportErrors(this.notifications);
    effect(() => {
      if (this.existing.hasValue()) {
        fillOrderForm(this.form, this.existing.value());
        // The organization and customer of an order are fixed once created.
        this.form.controls.organization_id.disable();
        this.form.controls.customer_id.disable();
      }
      if (!this.canWrite()) this.form.disable();
    });
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.savingState()) return;
    this.savingState.set(true);
    this.formErrorsState.set([]);
    try {
      const result = this.editing() ? await this.update(Number(this.id())) : await this.create();
      if (result) this.follower.follow(result.txId, `Order ${result.data.po} saved`);
      this.notifier.info(result ? 'Order saved' : 'Nothing changed');
      await this.router.navigate(['/orders']);
    } catch (error) {
      this.formErrorsState.set(applyServerErrors(this.form, toProblem(error)));
    } finally {
      this.savingState.set(false);
    }
  }

  private create(): Promise<WriteResult<Order>> {
    return this.api.create(formToInput(OrderInputSchema, this.form.getRawValue()));
  }

  /** Only what the user changed, so another user's change to the order is kept; null when nothing changed. */
  private async update(id: number): Promise<WriteResult<Order> | null> {
    const changed = changedValues(this.form);
    if (Object.keys(changed).length === 0) return null;
    return this.api.update(id, formToInput(OrderPatchSchema, changed));
  }
}
