import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { renderInboxList, renderMessage } from './inbox.page';
import type { MailboxRepository } from './mailbox.repository';
import { ListQuerySchema, MessageIdParamSchema } from './mailbox.schema';

/** Pages carry their own CSS and nothing else: no scripts, no external assets. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

/** The web inbox (HTML) and its JSON API, which tests and scripts use. */
export function createInboxApp(repository: MailboxRepository): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.get('/api/messages', async (req, res) => {
    const query = ListQuerySchema.parse(req.query);
    res.json({ messages: await repository.list(query) });
  });
  app.delete('/api/messages', async (_req, res) => {
    res.json({ deleted: await repository.clear() });
  });
  app.get('/api/messages/:id', async (req, res) => {
    const message = await repository.get(MessageIdParamSchema.parse(req.params).id);
    if (!message) return void res.status(404).json({ error: 'No such message' });
    res.json(message);
  });
  app.get('/api/messages/:id/raw', async (req, res) => {
    const raw = await repository.raw(MessageIdParamSchema.parse(req.params).id);
    if (raw === null) return void res.status(404).json({ error: 'No such message' });
    res.type('message/rfc822').send(raw);
  });
  app.delete('/api/messages/:id', async (req, res) => {
    const removed = await repository.remove(MessageIdParamSchema.parse(req.params).id);
    res.status(removed ? 204 : 404).end();
  });

  app.get('/', async (req, res) => {
    const query = ListQuerySchema.parse(req.query);
    res.type('html').send(renderInboxList(await repository.list(query)));
  });
  app.get('/messages/:id', async (req, res) => {
    const message = await repository.get(MessageIdParamSchema.parse(req.params).id);
    if (!message) return void res.status(404).type('text').send('No such message');
    res.type('html').send(renderMessage(message));
  });
  app.use(handleError);
  return app;
}

function handleError(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  if (error instanceof z.ZodError) {
    res.status(400).json({ error: 'Invalid request', issues: error.issues });
    return;
  }
  res.status(500).json({ error: 'Internal error' });
}
