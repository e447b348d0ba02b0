import { z } from 'zod';

/**
 * A log record's value read as JSON: null for a tombstone and for text that is not JSON, which the
 * reader's schema then refuses like any other invalid value.
 */
export function parseRecordValue(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/** Database ids are bigint identities; they travel as JSON numbers (safe below 2^53). */
export const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const TimestampSchema = z.iso.datetime({ offset: true });
export const DateOnlySchema = z.iso.date();

/** Money as a number with at most two decimals, stored as numeric(12,2). */
export const MoneySchema = z
  .number()
  .nonnegative()
  .max(9_999_999_999.99)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    message: 'Use at most two decimals',
  });

export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
  q: z.string().trim().max(200).optional(),
  sort: z.string().trim().max(40).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int() });

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

/** Every successful write returns the PostgreSQL transaction id of its commit. */
export const WriteResultSchema = <T extends z.ZodType>(data: T) => z.object({ data, txId: z.string() });
export interface WriteResult<T> {
  data: T;
  txId: string;
}

/** RFC 9457 problem details, with field-level messages for validation errors. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
