import { z } from 'zod';
import { IdSchema, TimestampSchema, text } from './common.schema';

export const OrganizationInputSchema = z.strictObject({ name: text(200) });
export const OrganizationPatchSchema = OrganizationInputSchema.partial();
export const OrganizationSchema = OrganizationInputSchema.extend({
  id: IdSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type OrganizationInput = z.infer<typeof OrganizationInputSchema>;
export type Organization = z.infer<typeof OrganizationSchema>;
