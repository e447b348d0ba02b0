import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { buildOpenApiDocument } from './openapi.document';
import type { RouteDoc } from './openapi.routes';

/** `/api/openapi.json` and a browsable UI at `/api/docs`, served from local files (works offline). */
export function openApiRouter(extraRoutes: readonly RouteDoc[] = []): Router {
  const document = buildOpenApiDocument(extraRoutes);
  return Router()
    .get('/openapi.json', (_req, res) => {
      res.json(document);
    })
    .use('/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' } }));
}
