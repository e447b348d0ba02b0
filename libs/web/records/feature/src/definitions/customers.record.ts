import { CustomerInputSchema, CustomerPatchSchema } from '@dsm/contracts';
import { CustomersApi } from '@dsm/web/data-access';
import { fullName } from '@dsm/web/util';
import { type LookupConfig, type RecordConfig, text } from '../record-config';
import { ORGANIZATION_LOOKUP } from './organizations.record';

export const CUSTOMER_LOOKUP: LookupConfig = {
  api: CustomersApi,
  label: (row) => `${fullName(row)} <${text(row, 'email')}>`,
};

export const CUSTOMERS: RecordConfig = {
  path: 'customers',
  title: 'Customers',
  singular: 'Customer',
  icon: 'people',
  api: CustomersApi,
  columns: [
    { key: 'name', header: 'Name', value: (row) => fullName(row), sort: 'last_name' },
    { key: 'email', header: 'Email', value: (row) => text(row, 'email'), sort: 'email' },
    { key: 'phone', header: 'Phone', value: (row) => text(row, 'phone') },
  ],
  fields: [
    { key: 'organization_id', label: 'Organization', kind: 'select', lookup: ORGANIZATION_LOOKUP },
    { key: 'first_name', label: 'First name', kind: 'text' },
    { key: 'last_name', label: 'Last name', kind: 'text' },
    { key: 'email', label: 'Email', kind: 'email' },
    { key: 'phone', label: 'Phone', kind: 'text' },
  ],
  createSchema: CustomerInputSchema,
  patchSchema: CustomerPatchSchema,
};
