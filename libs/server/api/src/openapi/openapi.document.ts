import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ProblemSchema } from '@dsm/contracts';
import { SESSION_COOKIE } from '../http/session.middleware';
import { ROUTES, type RouteDoc } from './openapi.routes';

const PROBLEM = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } };

function registerRoute(registry: OpenAPIRegistry, route: RouteDoc): void {
  const errors: Record<number, typeof PROBLEM> = { 400: PROBLEM };
  if (route.permission !== 'public') Object.assign(errors, { 401: PROBLEM, 403: PROBLEM });
  if (route.path.includes('{id}')) errors[404] = PROBLEM;
  if (route.method !== 'get') Object.assign(errors, { 409: PROBLEM, 422: PROBLEM });
  registry.registerPath({
    method: route.method,
    path: route.path,
    summary: route.summary,
    description: route.permission === 'public' ? 'No session needed.' : `Needs a session${route.permission === 'session' ? '' : ` with permission "${route.permission}"`}.` +
      (route.method === 'get' ? '' : ' Cookie sessions send the XSRF-TOKEN cookie value as the X-XSRF-TOKEN header.'),
    tags: [route.tag],
    security: route.permission === 'public' ? [] : [{ session: [], csrf: [] }],
    request: {
      params: route.params,
      query: route.query,
      body: route.body ? { content: { 'application/json': { schema: route.body } } } : undefined,
    },
    responses: {
      [route.status]: route.response
        ? { description: 'OK', content: { 'application/json': { schema: route.response } } }
        : { description: 'Done' },
      ...errors,
    },
  });
}

/** OpenAPI 3.1 generated from the contracts' zod schemas; built once per app. */
export function buildOpenApiDocument(extraRoutes: readonly RouteDoc[] = []): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  registry.registerComponent('securitySchemes', 'csrf', { type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN' });
  for (const route of [...ROUTES, ...extraRoutes]) registerRoute(registry, route);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Delivery System Manager API',
      version: '1.0.0',
      description: 'Every successful write returns `txId`, the PostgreSQL transaction id of its commit, to follow the change through the pipeline.',
    },
  });
}
