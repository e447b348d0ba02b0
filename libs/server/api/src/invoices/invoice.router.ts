import type { Router } from 'express';
import { InvoiceInputSchema, InvoiceListQuerySchema, InvoicePatchSchema, type Invoice } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { createCrudRepository } from '../crud/crud.repository';
import { createCrudService } from '../crud/crud.service';
import { crudRouter } from '../crud/crud.router';

export function invoiceRouter({ db, writer }: ApiDeps): Router {
  const repository = createCrudRepository<Invoice>(db.models.Invoice, { searchColumns: ['number'], filterColumns: ['order_id', 'status'] });
  const service = createCrudService({ repository, writer, aggregate: 'invoice', label: 'Invoice' });
  return crudRouter(service, { listQuery: InvoiceListQuerySchema, input: InvoiceInputSchema, patch: InvoicePatchSchema });
}
