import type { Router } from 'express';
import { ProductInputSchema, ProductListQuerySchema, ProductPatchSchema, type Product } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { createCrudRepository } from '../crud/crud.repository';
import { createCrudService } from '../crud/crud.service';
import { crudRouter } from '../crud/crud.router';

export function productRouter({ db, writer }: ApiDeps): Router {
  const repository = createCrudRepository<Product>(db.models.Product, { searchColumns: ['name', 'sku'], filterColumns: [] });
  const service = createCrudService({ repository, writer, aggregate: 'product', label: 'Product' });
  return crudRouter(service, { listQuery: ProductListQuerySchema, input: ProductInputSchema, patch: ProductPatchSchema });
}
