import { z } from 'zod';
import { IdSchema, MoneySchema, TimestampSchema, text } from './common.schema';

export const ProductInputSchema = z.strictObject({
  name: text(200),
  sku: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Use 1-64 letters, digits, ".", "_" or "-"'),
  price: MoneySchema,
});
export const ProductPatchSchema = ProductInputSchema.partial();
export const ProductSchema = ProductInputSchema.extend({
  id: IdSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ProductInput = z.infer<typeof ProductInputSchema>;
export type Product = z.infer<typeof ProductSchema>;
