import { ProductInputSchema, ProductPatchSchema } from '@dsm/contracts';
import { ProductsApi } from '@dsm/web/data-access';
import { type LookupConfig, type RecordConfig, money, text } from '../record-config';

export const PRODUCT_LOOKUP: LookupConfig = {
  api: ProductsApi,
  label: (row) => `${text(row, 'name')} (${text(row, 'sku')})`,
};

export const PRODUCTS: RecordConfig = {
  path: 'products',
  title: 'Products',
  singular: 'Product',
  icon: 'inventory_2',
  api: ProductsApi,
  columns: [
    { key: 'name', header: 'Name', value: (row) => text(row, 'name'), sort: 'name' },
    { key: 'sku', header: 'SKU', value: (row) => text(row, 'sku'), sort: 'sku' },
    { key: 'price', header: 'Price', value: (row) => money(row, 'price'), sort: 'price' },
  ],
  fields: [
    { key: 'name', label: 'Name', kind: 'text' },
    { key: 'sku', label: 'SKU', kind: 'text' },
    { key: 'price', label: 'Price', kind: 'number', step: '0.01' },
  ],
  createSchema: ProductInputSchema,
  patchSchema: ProductPatchSchema,
};
