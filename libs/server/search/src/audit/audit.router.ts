import { Router } from 'express';
import { z } from 'zod';
import type { SearchIndex } from '@dsm/search';
import { DELIVERY_EVENTS_INDEX } from '@dsm/stages';

const key = z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'Use letters, digits, "_", ".", ":" or "-"');

export const AuditQuerySchema = z.object({
  aggregateId: key,
  aggregateType: key.optional(),
  page: z.coerce.number().int().min(1).max(100).default(1),
  size: z.coerce.number().int().min(1).max(100).default(50),
});

/** GET /events?aggregateId=&aggregateType=: every outbox event of one aggregate, newest first. */
export function auditRouter(search: SearchIndex): Router {
  return Router().get('/events', async (req, res) => {
    const query = AuditQuerySchema.parse(req.query);
    const result = await search.search(DELIVERY_EVENTS_INDEX.name, {
      filters: { aggregate_id: [query.aggregateId], ...(query.aggregateType ? { aggregate_type: [query.aggregateType] } : {}) },
      sort: [{ field: 'created_at', direction: 'desc' }],
      page: query.page,
      size: query.size,
      facets: [],
    });
    res.json({ items: result.hits.map((hit) => hit.document), total: result.total });
  });
}
