import { Router } from 'express';
import { DeliveryInputSchema, DeliveryListQuerySchema, DeliveryPatchSchema, StateChangeInputSchema } from '@dsm/contracts';
import type { ApiDeps } from '../api-deps';
import { AttemptParamSchema, IdParamSchema } from '../http/params.schema';
import { currentUser } from '../http/auth.middleware';
import { createDeliveryRepository } from './delivery.repository';
import { createDeliveryService } from './delivery.service';

export function deliveryRouter({ db, writer }: ApiDeps): Router {
  const service = createDeliveryService(createDeliveryRepository(db), writer);
  return Router()
    .get('/', async (req, res) => {
      res.json(await service.list(DeliveryListQuerySchema.parse(req.query)));
    })
    .get('/:id', async (req, res) => {
      res.json(await service.get(IdParamSchema.parse(req.params).id));
    })
    .post('/', async (req, res) => {
      res.status(201).json(await service.create(DeliveryInputSchema.parse(req.body)));
    })
    .patch('/:id', async (req, res) => {
      res.json(await service.update(IdParamSchema.parse(req.params).id, DeliveryPatchSchema.parse(req.body)));
    })
    .post('/:id/attempts', async (req, res) => {
      res.status(201).json(await service.startAttempt(IdParamSchema.parse(req.params).id));
    })
    .post('/:id/attempts/:number/state-changes', async (req, res) => {
      const { id, number } = AttemptParamSchema.parse(req.params);
      res.status(201).json(await service.recordState(id, number, StateChangeInputSchema.parse(req.body), currentUser(req).email));
    });
}
