import { Router } from 'express';
import { UserInputSchema, UserListQuerySchema, UserPatchSchema } from '@dsm/contracts';
import { currentUser } from '../http/auth.middleware';
import { IdParamSchema } from '../http/params.schema';
import type { UserService } from './user.service';

/** Admin-only user management (mounted behind `requirePermission('admin')`). */
export function userRouter(service: UserService): Router {
  return Router()
    .get('/', async (req, res) => {
      res.json(await service.list(UserListQuerySchema.parse(req.query)));
    })
    .get('/:id', async (req, res) => {
      res.json(await service.get(IdParamSchema.parse(req.params).id));
    })
    .post('/', async (req, res) => {
      res.status(201).json(await service.create(UserInputSchema.parse(req.body), currentUser(req)));
    })
    .patch('/:id', async (req, res) => {
      res.json(await service.update(IdParamSchema.parse(req.params).id, UserPatchSchema.parse(req.body), currentUser(req)));
    })
    .delete('/:id', async (req, res) => {
      res.json(await service.remove(IdParamSchema.parse(req.params).id, currentUser(req)));
    });
}
