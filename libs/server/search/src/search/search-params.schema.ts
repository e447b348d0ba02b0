import { z } from 'zod';

// Control characters cannot be stored in PostgreSQL text and never occur in real queries.
const CONTROL = /[\p{Cc}\p{Cs}]/u;
const text = (max: number) => z.string().max(max).refine((value) => !CONTROL.test(value), 'Control characters are not allowed');
const optionalText = (max: number) => z.preprocess((value) => (value === '' ? undefined : value), text(max).optional());

/** A filter may be given once (`status=new`) or repeated (`status=new&status=assigned`); empty values are ignored. */
const filterValues = z
  .union([text(100), z.array(text(100)).max(20)])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat().filter((item) => item !== '')));

/** `2026-05-01` or a full ISO date-time; a bare date in `to` means the whole day. */
const dateBound = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
);

/** `dispatch_at` ascending, `-dispatch_at` descending; up to three, comma-separated. */
const sortList = optionalText(200).pipe(
  z
    .string()
    .regex(/^-?[a-z_.]{1,60}(,-?[a-z_.]{1,60}){0,2}$/, 'Use field names, "-" for descending, comma-separated (e.g. -dispatch_at)')
    .optional(),
);

/** The query string of GET /api/search/deliveries and /api/search/orders. */
export const SearchParamsSchema = z
  .object({
    q: optionalText(500),
    status: filterValues,
    city: filterValues,
    priority: filterValues,
    type: filterValues,
    from: dateBound,
    to: dateBound,
    sort: sortList,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((params) => params.page * params.size <= 10_000, { path: ['page'], message: 'page × size may not exceed 10000; narrow the search instead' })
  .refine((params) => !params.from || !params.to || params.from.slice(0, 10) <= params.to.slice(0, 10), { path: ['to'], message: '"to" is before "from"' });
export type SearchParams = z.infer<typeof SearchParamsSchema>;
export type SearchFilterName = 'status' | 'city' | 'priority' | 'type';
