import type { Router } from 'express';
import { OrganizationInputSchema, OrganizationListQuerySchema, OrganizationPatchSchema, type Organization } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { createCrudRepository } from '../crud/crud.repository';
import { createCrudService } from '../crud/crud.service';
import { crudRouter } from '../crud/crud.router';

export function organizationRouter({ db, writer }: ApiDeps): Router {
  const repository = createCrudRepository<Organization>(db.models.Organization, { searchColumns: ['name'], filterColumns: [] });
  const service = createCrudService({ repository, writer, aggregate: 'organization', label: 'Organization' });
  return crudRouter(service, { listQuery: OrganizationListQuerySchema, input: OrganizationInputSchema, patch: OrganizationPatchSchema });
}
