import { z } from 'zod';

/** Largest page window (page × size), as Elasticsearch's default `max_result_window`. */
export const MAX_RESULT_WINDOW = 10_000;
export const DEFAULT_PAGE_SIZE = 20;

const usableText = (max: number) =>
  z
    .string()
    .max(max)
    // NUL and other control characters cannot be stored in PostgreSQL text, so they never match.
    .refine((value) => !/[\p{Cc}\p{Cs}]/u.test(value), 'Control characters are not allowed.');

const fieldName = z.string().min(1).max(200);
const bound = z.union([z.number().finite(), usableText(64)]);

/** The port's SearchQuery, checked at the adapter's edge (the API parses its own query string). */
export const SearchQuerySchema = z
  .object({
    text: z.string().optional(),
    filters: z.record(fieldName, z.array(usableText(200)).max(100)).optional(),
    ranges: z.record(fieldName, z.object({ gte: bound.optional(), lte: bound.optional() })).optional(),
    sort: z.array(z.object({ field: fieldName, direction: z.enum(['asc', 'desc']) })).max(5).optional(),
    page: z.number().int().min(1).default(1),
    size: z.number().int().min(0).max(200).default(DEFAULT_PAGE_SIZE),
    facets: z.array(fieldName).max(20).optional(),
  })
  .refine((query) => (query.page - 1) * query.size + query.size <= MAX_RESULT_WINDOW, {
    message: `page × size may not exceed ${MAX_RESULT_WINDOW}; narrow the search instead of paging that deep.`,
    path: ['page'],
  });
