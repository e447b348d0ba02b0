import { Injectable } from '@angular/core';
import {
  type Customer,
  type CustomerInput,
  CustomerSchema,
  type Invoice,
  type InvoiceInput,
  InvoiceSchema,
  type Order,
  type OrderInput,
  type OrderPatch,
  OrderSchema,
  type Organization,
  type OrganizationInput,
  OrganizationSchema,
  type Product,
  type ProductInput,
  ProductSchema,
} from '@dsm/contracts';
import { RecordsApi } from './records-api';

@Injectable({ providedIn: 'root' })
export class OrganizationsApi extends RecordsApi<Organization, OrganizationInput> {
  protected readonly path = 'organizations';
  protected readonly schema = OrganizationSchema;
}

@Injectable({ providedIn: 'root' })
export class CustomersApi extends RecordsApi<Customer, CustomerInput> {
  protected readonly path = 'customers';
  protected readonly schema = CustomerSchema;
}

@Injectable({ providedIn: 'root' })
export class ProductsApi extends RecordsApi<Product, ProductInput> {
  protected readonly path = 'products';
  protected readonly schema = ProductSchema;
}

@Injectable({ providedIn: 'root' })
export class OrdersApi extends RecordsApi<Order, OrderInput, OrderPatch> {
  protected readonly path = 'orders';
  protected readonly schema = OrderSchema;
}

@Injectable({ providedIn: 'root' })
export class InvoicesApi extends RecordsApi<Invoice, InvoiceInput> {
  protected readonly path = 'invoices';
  protected readonly schema = InvoiceSchema;
}
