import { Router } from 'express';
import type { SearchIndex } from '@dsm/search';
import { SearchParamsSchema } from './search-params.schema';
import { toSearchQuery, withParamFacets } from './search-query.mapper';
import { SEARCH_TARGETS } from './search-targets';

/** GET /deliveries and /orders: the query string → the port's query; hits, total, facets, tookMs. */
export function searchRouter(search: SearchIndex): Router {
  const router = Router();
  for (const target of Object.values(SEARCH_TARGETS)) {
    router.get(`/${target.index}`, async (req, res) => {
      const params = SearchParamsSchema.parse(req.query);
      const result = await search.search(target.index, toSearchQuery(target, params));
      res.json(withParamFacets(target, result));
    });
  }
  return router;
}
