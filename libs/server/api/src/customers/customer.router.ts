import type { Router } from 'express';
import { CustomerInputSchema, CustomerListQuerySchema, CustomerPatchSchema, type Customer } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { createCrudRepository } from '../crud/crud.repository';
import { createCrudService } from '../crud/crud.service';
import { crudRouter } from '../crud/crud.router';

export function customerRouter({ db, writer }: ApiDeps): Router {
  const repository = createCrudRepository<Customer>(db.models.Customer, {
    searchColumns: ['first_name', 'last_name', 'email'],
    filterColumns: ['organization_id'],
  });
  const service = createCrudService({ repository, writer, aggregate: 'customer', label: 'Customer' });
  return crudRouter(service, { listQuery: CustomerListQuerySchema, input: CustomerInputSchema, patch: CustomerPatchSchema });
}
