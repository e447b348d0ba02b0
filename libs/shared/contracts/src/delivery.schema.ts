import { z } from 'zod';
import { IdSchema, TimestampSchema, optionalText, text } from './common.schema';
import { DELIVERY_STATUSES, RECORDABLE_STATES } from './delivery-status';

export const DELIVERY_TYPES = ['standard', 'express', 'same_day', 'freight'] as const;
export const DeliveryTypeSchema = z.enum(DELIVERY_TYPES);
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export const RecordableStateSchema = z.enum(RECORDABLE_STATES);

export const DeliveryDetailsInputSchema = z.strictObject({
  from_contact_name: text(120),
  from_address: text(300),
  from_city: text(120),
  from_state: optionalText(120),
  from_zip: optionalText(20),
  from_country: z.string().trim().length(2, 'Use a two-letter country code').toUpperCase(),
  from_phone_number: optionalText(40),
  from_instructions: optionalText(2000),
  to_contact_name: text(120),
  to_address: text(300),
  to_city: text(120),
  to_state: optionalText(120),
  to_zip: optionalText(20),
  to_country: z.string().trim().length(2, 'Use a two-letter country code').toUpperCase(),
  to_phone_number: optionalText(40),
  to_instructions: optionalText(2000),
});

export const DeliveryInputSchema = z.strictObject({
  order_id: IdSchema,
  delivery_type: DeliveryTypeSchema.default('standard'),
  notes: optionalText(10_000),
  dispatch_at: z.iso.datetime({ offset: true }).nullish(),
  mileage: z.number().int().min(0).max(100_000).nullish(),
  details: DeliveryDetailsInputSchema,
});

export const DeliveryPatchSchema = z.strictObject({
  delivery_type: DeliveryTypeSchema.optional(),
  notes: optionalText(10_000),
  dispatch_at: z.iso.datetime({ offset: true }).nullish(),
  mileage: z.number().int().min(0).max(100_000).nullish(),
  details: DeliveryDetailsInputSchema.partial().optional(),
});

export const StateChangeInputSchema = z.strictObject({
  state: RecordableStateSchema,
  reason: optionalText(500),
});

export const DeliveryDetailsSchema = DeliveryDetailsInputSchema.extend({ id: IdSchema, delivery_id: IdSchema });

export const StateChangeSchema = z.object({
  id: IdSchema,
  attempt_id: IdSchema,
  state: RecordableStateSchema,
  reason: z.string().nullable(),
  recorded_by: z.string().nullable(),
  created_at: TimestampSchema,
});

export const AttemptSchema = z.object({
  id: IdSchema,
  delivery_id: IdSchema,
  number: z.number().int().min(1),
  status: DeliveryStatusSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  state_changes: z.array(StateChangeSchema),
});

export const DeliverySchema = z.object({
  id: IdSchema,
  order_id: IdSchema,
  delivery_type: DeliveryTypeSchema,
  notes: z.string().nullable(),
  status: DeliveryStatusSchema,
  dispatch_at: TimestampSchema.nullable(),
  mileage: z.number().int().nullable(),
  details: DeliveryDetailsSchema,
  attempts: z.array(AttemptSchema),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

export const DeliveryListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
  status: DeliveryStatusSchema.optional(),
  order_id: IdSchema.optional(),
});

export type DeliveryType = z.infer<typeof DeliveryTypeSchema>;
export type DeliveryDetailsInput = z.infer<typeof DeliveryDetailsInputSchema>;
export type DeliveryInput = z.infer<typeof DeliveryInputSchema>;
export type DeliveryPatch = z.infer<typeof DeliveryPatchSchema>;
export type StateChangeInput = z.infer<typeof StateChangeInputSchema>;
export type StateChange = z.infer<typeof StateChangeSchema>;
export type Attempt = z.infer<typeof AttemptSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
