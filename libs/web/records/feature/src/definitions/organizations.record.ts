import { OrganizationInputSchema, OrganizationPatchSchema } from '@dsm/contracts';
import { OrganizationsApi } from '@dsm/web/data-access';
import { type RecordConfig, type LookupConfig, text } from '../record-config';

export const ORGANIZATION_LOOKUP: LookupConfig = { api: OrganizationsApi, label: (row) => text(row, 'name') };

export const ORGANIZATIONS: RecordConfig = {
  path: 'organizations',
  title: 'Organizations',
  singular: 'Organization',
  icon: 'business',
  api: OrganizationsApi,
  columns: [
    { key: 'name', header: 'Name', value: (row) => text(row, 'name'), sort: 'name' },
    { key: 'created_at', header: 'Created', value: (row) => text(row, 'created_at').slice(0, 10), sort: 'created_at' },
  ],
  fields: [{ key: 'name', label: 'Name', kind: 'text' }],
  createSchema: OrganizationInputSchema,
  patchSchema: OrganizationPatchSchema,
};
