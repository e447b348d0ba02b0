import { z } from 'zod';
import { NotificationLogEntrySchema, NotificationQuerySchema, NotificationTypeSchema } from '@dsm/contracts';
import { AuditQuerySchema } from './audit/audit.router';
import { SearchParamsSchema } from './search/search-params.schema';

/** The same shape as the API's route table (server-api openapi.routes.ts), for docs and the role matrix. */
export interface SearchRouteDoc {
  method: 'get';
  path: string;
  summary: string;
  tag: string;
  permission: 'read' | 'admin';
  params?: z.ZodObject;
  query?: z.ZodObject;
  status: number;
  response?: z.ZodType;
}

const facets = z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number() })));
const SearchResponseSchema = z.object({
  hits: z.array(z.object({ id: z.string(), score: z.number(), version: z.number(), document: z.record(z.string(), z.unknown()) })),
  total: z.number(),
  facets,
  tookMs: z.number(),
});
const FreshnessResponseSchema = z.object({
  databaseLsn: z.number(),
  indexedLsn: z.number().nullable(),
  behindBytes: z.number().nullable(),
  behindSeconds: z.number(),
  lag: z.record(z.string(), z.number()),
  waiting: z.number(),
  upToDate: z.boolean(),
  measuredAt: z.number(),
});

export const SEARCH_ROUTES: SearchRouteDoc[] = [
  { method: 'get', path: '/api/search/deliveries', summary: 'Search deliveries (free text, field:value, filters, date range on dispatch_at, facets)', tag: 'Search', permission: 'read', query: SearchParamsSchema, status: 200, response: SearchResponseSchema },
  { method: 'get', path: '/api/search/orders', summary: 'Search orders (free text, status/priority, date range on order_date, facets)', tag: 'Search', permission: 'read', query: SearchParamsSchema, status: 200, response: SearchResponseSchema },
  { method: 'get', path: '/api/audit/events', summary: 'Outbox events of one aggregate, newest first', tag: 'Audit', permission: 'read', query: AuditQuerySchema, status: 200, response: z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number() }) },
  { method: 'get', path: '/api/pipeline/freshness', summary: 'How far the search index is behind the database (bytes, seconds, records waiting)', tag: 'Pipeline', permission: 'read', status: 200, response: FreshnessResponseSchema },
  { method: 'get', path: '/api/notifications', summary: 'Notification log by order or delivery, newest first', tag: 'Notifications', permission: 'read', query: NotificationQuerySchema, status: 200, response: z.object({ items: z.array(NotificationLogEntrySchema) }) },
  { method: 'get', path: '/api/notifications/preview/{type}', summary: 'Preview one notification template with sample data (HTML; ?format=json for subject, text and HTML)', tag: 'Notifications', permission: 'admin', params: z.object({ type: NotificationTypeSchema }), status: 200 },
];
