import { z } from 'zod';
import * as c from '@dsm/contracts';
import { AttemptParamSchema, IdParamSchema } from '../http/params.schema';

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  permission: c.Permission | 'public' | 'session';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  response?: z.ZodType;
}

const ok = z.object({ status: z.string() });

function crud(tag: string, base: string, entity: z.ZodType, input: z.ZodType, patch: z.ZodType, query: z.ZodObject): RouteDoc[] {
  const one = `${base}/{id}`;
  const write = c.WriteResultSchema(entity);
  return [
    { method: 'get', path: base, summary: `List ${tag.toLowerCase()} (paged, filtered)`, tag, permission: 'read', query, status: 200, response: c.pageOf(entity) },
    { method: 'get', path: one, summary: 'Get one', tag, permission: 'read', params: IdParamSchema, status: 200, response: entity },
    { method: 'post', path: base, summary: 'Create', tag, permission: 'write', body: input, status: 201, response: write },
    { method: 'patch', path: one, summary: 'Change some fields', tag, permission: 'write', params: IdParamSchema, body: patch, status: 200, response: write },
    { method: 'delete', path: one, summary: 'Delete (409 while referenced)', tag, permission: 'write', params: IdParamSchema, status: 200, response: write },
  ];
}

/** Every route of the API, documented from the same zod schemas the routers parse with. */
export const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/health', summary: 'Liveness', tag: 'Health', permission: 'public', status: 200, response: ok },
  { method: 'get', path: '/ready', summary: 'Readiness: the database answers', tag: 'Health', permission: 'public', status: 200, response: ok },
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; sets the session and XSRF-TOKEN cookies', tag: 'Auth', permission: 'public', body: c.LoginSchema, status: 200, response: c.SessionInfoSchema },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out', tag: 'Auth', permission: 'session', status: 204 },
  { method: 'get', path: '/api/auth/me', summary: 'The signed-in user (refreshes XSRF-TOKEN)', tag: 'Auth', permission: 'session', status: 200, response: c.SessionInfoSchema },
  ...crud('Users', '/api/users', c.UserRecordSchema, c.UserInputSchema, c.UserPatchSchema, c.UserListQuerySchema).map((r) => ({ ...r, permission: 'admin' as const })),
  ...crud('Organizations', '/api/organizations', c.OrganizationSchema, c.OrganizationInputSchema, c.OrganizationPatchSchema, c.OrganizationListQuerySchema),
  ...crud('Customers', '/api/customers', c.CustomerSchema, c.CustomerInputSchema, c.CustomerPatchSchema, c.CustomerListQuerySchema),
  ...crud('Products', '/api/products', c.ProductSchema, c.ProductInputSchema, c.ProductPatchSchema, c.ProductListQuerySchema),
  ...crud('Orders', '/api/orders', c.OrderSchema, c.OrderInputSchema, c.OrderPatchSchema, c.OrderListQuerySchema),
  ...crud('Invoices', '/api/invoices', c.InvoiceSchema, c.InvoiceInputSchema, c.InvoicePatchSchema, c.InvoiceListQuerySchema),
  ...crud('Deliveries', '/api/deliveries', c.DeliverySchema, c.DeliveryInputSchema, c.DeliveryPatchSchema, c.DeliveryListQuerySchema)
    .filter((route) => route.method !== 'delete'),
  {
    method: 'post', path: '/api/deliveries/{id}/attempts', summary: 'Start the next attempt (first, or after a failed one)', tag: 'Deliveries',
    permission: 'write', params: IdParamSchema, status: 201, response: c.WriteResultSchema(c.DeliverySchema),
  },
  {
    method: 'post', path: '/api/deliveries/{id}/attempts/{number}/state-changes', tag: 'Deliveries', permission: 'write',
    summary: 'Record a state on the current attempt (state machine in contracts/delivery-status.ts; illegal → 409)',
    params: AttemptParamSchema, body: c.StateChangeInputSchema, status: 201, response: c.WriteResultSchema(c.DeliverySchema),
  },
];
