import { Router } from 'express';
import type { Sequelize } from 'sequelize';

/** Liveness answers without touching anything; readiness proves the database answers. */
export function healthRouter(sequelize: Sequelize): Router {
  return Router()
    .get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    })
    .get('/ready', async (_req, res) => {
      try {
        await sequelize.query('select 1');
        res.json({ status: 'ready', database: 'up' });
      } catch {
        res.status(503).json({ status: 'not ready', database: 'down' });
      }
    });
}
