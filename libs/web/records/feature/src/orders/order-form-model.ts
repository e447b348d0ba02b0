import { FormArray, FormControl, FormGroup } from '@angular/forms';
import { type Order, OrderInputSchema, OrderItemInputSchema } from '@dsm/contracts';
import { initialValue, zodValidator, zodValidators } from '@dsm/web/util';

const order = zodValidators(OrderInputSchema);
const item = zodValidators(OrderItemInputSchema);

export type OrderItemForm = FormGroup<{
  product_id: FormControl<number | null>;
  quantity: FormControl<number | null>;
}>;

export type OrderForm = FormGroup<{
  organization_id: FormControl<number | null>;
  customer_id: FormControl<number | null>;
  po: FormControl<string | null>;
  priority: FormControl<string | null>;
  status: FormControl<string | null>;
  order_date: FormControl<string | null>;
  items: FormArray<OrderItemForm>;
}>;

export function buildOrderItem(value?: { product_id: number; quantity: number }): OrderItemForm {
  return new FormGroup({
    product_id: new FormControl<number | null>(value?.product_id ?? null, item.product_id),
    quantity: new FormControl<number | null>(value?.quantity ?? 1, item.quantity),
  });
}

/** An order with one empty item line; validators come from the API's own order schema. */
export function buildOrderForm(): OrderForm {
  return new FormGroup({
    organization_id: new FormControl<number | null>(null, order.organization_id),
    customer_id: new FormControl<number | null>(null, order.customer_id),
    po: new FormControl<string | null>('', order.po),
    priority: new FormControl(initialValue(OrderInputSchema.shape.priority) as string, order.priority),
    status: new FormControl(initialValue(OrderInputSchema.shape.status) as string, order.status),
    order_date: new FormControl<string | null>(null, order.order_date),
    items: new FormArray([buildOrderItem()], zodValidator(OrderInputSchema.shape.items)),
  });
}

export function fillOrderForm(form: OrderForm, value: Order): void {
  form.controls.items.clear();
  for (const line of value.items) form.controls.items.push(buildOrderItem(line));
  form.patchValue(value);
}
