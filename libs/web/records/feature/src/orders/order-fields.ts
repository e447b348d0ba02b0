import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ORDER_PRIORITIES, ORDER_STATUSES } from '@dsm/contracts';
import { CustomersApi, OrganizationsApi, ProductsApi, reportErrors } from '@dsm/web/data-access';
import { PendingSelect } from '@dsm/web/ui';
import { fieldError, fullName, humanize } from '@dsm/web/util';
import { startWith, switchMap } from 'rxjs';
import { type OrderForm, buildOrderItem } from './order-form-model';

/**
 * The fields of an order (organization, customer, PO, priority, items). Used by the order form
 * and inline by the new-delivery form, so both validate and look the same.
 */
@Component({
  selector: 'dsm-order-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, PendingSelect],
  templateUrl: './order-fields.html',
  styleUrl: './order-fields.scss',
})
export class OrderFields {
  readonly form = input.required<OrderForm>();
  /** Status and date are edited on the order screen, not while creating one for a delivery. */
  readonly full = input(true);

  private readonly customersApi = inject(CustomersApi);
  private readonly productsApi = inject(ProductsApi);
  private readonly organizationsApi = inject(OrganizationsApi);

  protected readonly priorities = ORDER_PRIORITIES;
  protected readonly statuses = ORDER_STATUSES;
  protected readonly fieldError = fieldError;
  protected readonly humanize = humanize;
  protected readonly fullName = fullName;
  protected readonly organizations = resource({ loader: () => this.organizationsApi.list({ size: 200, sort: 'name' }) });
  protected readonly products = resource({ loader: () => this.productsApi.list({ size: 200, sort: 'name' }) });
  /**
   * Customers are listed for the chosen organization only, and not at all before one is chosen
   * (the resource stays idle). A new organization starts a fresh list: the previous one belongs to
   * another organization, so the field waits (PendingSelect) instead of offering stale options.
   */
  private readonly organizationId = toSignal(
    toObservable(this.form).pipe(
      switchMap((form) => form.controls.organization_id.valueChanges.pipe(startWith(form.controls.organization_id.value))),
    ),
    { initialValue: null },
  );
  protected readonly customers = resource({
    params: () => this.organizationId() ?? undefined,
    loader: ({ params }) => this.customersApi.list({ size: 200, sort: 'last_name', organization_id: params }),
  });
  protected readonly customersHint = computed(() => {
    if (this.organizationId() === null) return 'Choose an organization first';
    return this.customers.error() ? 'Customers could not be loaded' : 'Loading customers…';
  });
  protected readonly items = computed(() => this.form().controls.items);

  constructor() {
    reportErrors(this.organizations);
    reportErrors(this.products);
    reportErrors(this.customers);
  }

  /** A customer belongs to one organization: choosing another organization clears it. */
  protected organizationChosen(): void {
    this.form().controls.customer_id.reset(null);
  }

  /** Adding or removing a line changes the items, so an edit sends them (see changedValues). */
  protected addItem(): void {
    this.items().push(buildOrderItem());
    this.items().markAsDirty();
  }

  protected removeItem(index: number): void {
    this.items().removeAt(index);
    this.items().markAsDirty();
  }
}
