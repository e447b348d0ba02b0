import { Router } from 'express';
import { OrderInputSchema, OrderListQuerySchema, OrderPatchSchema } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { IdParamSchema } from '../http/params.schema';
import { createOrderRepository } from './order.repository';
import { createOrderService } from './order.service';

export function orderRouter({ db, writer }: ApiDeps): Router {
  const service = createOrderService(createOrderRepository(db), writer);
  return Router()
    .get('/', async (req, res) => {
      res.json(await service.list(OrderListQuerySchema.parse(req.query)));
    })
    .get('/:id', async (req, res) => {
      res.json(await service.get(IdParamSchema.parse(req.params).id));
    })
    .post('/', async (req, res) => {
      res.status(201).json(await service.create(OrderInputSchema.parse(req.body)));
    })
    .patch('/:id', async (req, res) => {
      res.json(await service.update(IdParamSchema.parse(req.params).id, OrderPatchSchema.parse(req.body)));
    })
    .delete('/:id', async (req, res) => {
      res.json(await service.remove(IdParamSchema.parse(req.params).id));
    });
}
