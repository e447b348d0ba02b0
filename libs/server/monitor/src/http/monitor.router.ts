import express, { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { StageSchema } from '@dsm/contracts';
import { readDeadLetters, type EventLog } from '@dsm/eventlog';
import type { PipelineControlService } from '../control/pipeline-control.service';
import type { MonitorService } from '../monitor/monitor.service';
import type { FindUser, SessionMiddleware } from '../gateway/socket-session';
import { metricsAccess } from './metrics-access';
import { sendProblem } from './problem';
import { requireUser, userOf } from './request-user';

export interface MonitorRouterOptions {
  monitor: MonitorService;
  controls: PipelineControlService;
  eventLog: EventLog;
  prefix: string;
  /** From createMonitorMetrics. */
  registry: Registry;
  /** The API's session middleware; skipped by express-session when the API already ran it. */
  sessionMiddleware: SessionMiddleware;
  findUser?: FindUser;
  /** Set: GET /metrics needs this bearer token; unset: loopback or an operator/admin session (metrics-access.ts). */
  metricsToken?: string;
  /** The API's CSRF check, for POST /api/pipeline/controls. */
  csrfProtection?: RequestHandler;
}

const TraceParamsSchema = z.object({ id: z.string().min(1).max(40) });
const TraceQuerySchema = z.object({ entity: z.string().min(1).max(60), key: z.string().min(1).max(60) });
const StageParamsSchema = z.object({ stage: StageSchema });
const LimitQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const DeadLetterQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  handled: z.enum(['true', 'false']).default('false'),
});

/**
 * GET /metrics (Prometheus text, access in metrics-access.ts) and the dashboard's REST mirrors under /api/pipeline: snapshot,
 * traces, dead letters, audit, and POST controls for operators and admins. Mount at the root.
 */
export function createMonitorRouter(options: MonitorRouterOptions): Router {
  const { monitor, controls, eventLog, prefix, registry, findUser } = options;
  const watch = [options.sessionMiddleware, requireUser('read', findUser)];
  const operate = [options.sessionMiddleware, requireUser('operate', findUser), ...(options.csrfProtection ? [options.csrfProtection] : [])];

  return Router()
    .get('/metrics', metricsAccess({ token: options.metricsToken, sessionMiddleware: options.sessionMiddleware, findUser }), async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    })
    .get('/api/pipeline/snapshot', ...watch, (_req, res) => {
      res.json(monitor.aggregator.snapshot());
    })
    .get('/api/pipeline/alert-thresholds', ...watch, (_req, res) => {
      res.json(monitor.thresholds);
    })
    .get('/api/pipeline/traces', ...watch, (req, res) => {
      const query = TraceQuerySchema.parse(req.query);
      res.json({ items: monitor.aggregator.findTraces(query.entity, query.key) });
    })
    .get('/api/pipeline/traces/:id', ...watch, (req, res) => {
      const { id } = TraceParamsSchema.parse(req.params);
      const trace = monitor.aggregator.trace(id);
      if (!trace) return sendProblem(res, 404, 'not_found', `Transaction ${id} has not been seen by the pipeline monitor (yet)`);
      res.json(trace);
    })
    .get('/api/pipeline/dlq/:stage', ...watch, async (req, res) => {
      const { stage } = StageParamsSchema.parse(req.params);
      const query = DeadLetterQuerySchema.parse(req.query);
      res.json({ items: await readDeadLetters(eventLog, prefix, stage, { limit: query.limit, includeHandled: query.handled === 'true' }) });
    })
    .get('/api/pipeline/audit', ...watch, async (req, res) => {
      const { limit } = LimitQuerySchema.parse(req.query);
      res.json({ items: await controls.readAudit(limit) });
    })
    .post('/api/pipeline/controls', ...operate, express.json({ limit: '16kb' }), async (req, res) => {
      // JSON only: a cross-site form cannot send it without a CORS preflight.
      if (!req.is('application/json')) return sendProblem(res, 415, 'unsupported_media_type', 'Send the command as application/json');
      const ack = await controls.submit(userOf(req), req.body);
      if (ack.ok) return res.status(202).json(ack);
      const status = ack.error.code === 'invalid' ? 400 : ack.error.code === 'forbidden' ? 403 : 503;
      sendProblem(res, status, ack.error.code, ack.error.message, ack.error.issues);
    });
}
