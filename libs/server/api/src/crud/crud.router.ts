import { Router } from 'express';
import type { z } from 'zod';
import { IdParamSchema } from '../http/params.schema';
import type { CrudService } from './crud.service';
import type { Entity } from './crud.repository';

export interface CrudSchemas {
  listQuery: z.ZodType<{ page: number; size: number; q?: string; sort?: string }>;
  input: z.ZodType<object>;
  patch: z.ZodType<object>;
}

/** GET list, GET one, POST, PATCH, DELETE: parse, call, respond. */
export function crudRouter<T extends Entity>(service: CrudService<T>, schemas: CrudSchemas): Router {
  return Router()
    .get('/', async (req, res) => {
      res.json(await service.list(schemas.listQuery.parse(req.query)));
    })
    .get('/:id', async (req, res) => {
      res.json(await service.get(IdParamSchema.parse(req.params).id));
    })
    .post('/', async (req, res) => {
      res.status(201).json(await service.create(schemas.input.parse(req.body)));
    })
    .patch('/:id', async (req, res) => {
      res.json(await service.update(IdParamSchema.parse(req.params).id, schemas.patch.parse(req.body)));
    })
    .delete('/:id', async (req, res) => {
      res.json(await service.remove(IdParamSchema.parse(req.params).id));
    });
}
