import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { NotificationQuerySchema, NotificationTypeSchema } from '@dsm/contracts';
import { renderPreview, type NotificationLog } from '@dsm/notify';

const PreviewParamsSchema = z.object({ type: NotificationTypeSchema });
const PreviewQuerySchema = z.object({ format: z.enum(['html', 'json']).default('html') });

/** GET /?orderId=|deliveryId=: the notification log, newest first (who was told what, when, how it went). */
export function notificationRouter(log: NotificationLog, adminOnly: RequestHandler): Router {
  return Router()
    .get('/', async (req, res) => {
      const query = NotificationQuerySchema.parse(req.query);
      res.json({ items: await log.listNotifications(query) });
    })
    .get('/preview/:type', adminOnly, (req, res) => {
      const { type } = PreviewParamsSchema.parse(req.params);
      const { format } = PreviewQuerySchema.parse(req.query);
      const email = renderPreview(type);
      if (format === 'json') return void res.json({ type, ...email });
      // The sample is our own template with fixed sample data; the CSP still forbids scripts.
      res.type('html').send(email.html);
    });
}
