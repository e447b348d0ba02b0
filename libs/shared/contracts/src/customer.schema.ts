import { z } from 'zod';
import { IdSchema, TimestampSchema, optionalText, text } from './common.schema';

export const CustomerInputSchema = z.strictObject({
  organization_id: IdSchema,
  first_name: text(100),
  last_name: text(100),
  email: z.email().max(254),
  phone: optionalText(40),
});
export const CustomerPatchSchema = CustomerInputSchema.partial();
export const CustomerSchema = CustomerInputSchema.extend({
  id: IdSchema,
  phone: z.string().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type CustomerInput = z.infer<typeof CustomerInputSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
