import { z } from 'zod';

/** One caught e-mail as the inbox API returns it (GET /api/messages/:id). */
export const CaughtMessageSchema = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  receivedAt: z.string(),
  size: z.number().int().nonnegative(),
});
export type CaughtMessage = z.infer<typeof CaughtMessageSchema>;

/** The list view leaves the bodies out. */
export const MessageSummarySchema = CaughtMessageSchema.omit({ text: true, html: true, headers: true });
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

export const MessageListSchema = z.object({ messages: z.array(MessageSummarySchema) });

/** A message before it is stored: what the SMTP side parsed. */
export type NewMessage = Omit<CaughtMessage, 'id' | 'receivedAt'> & { raw: string };

/** Route parameter: ids are the table's bigint identity. */
export const MessageIdParamSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'A message id is a number') });

export const ListQuerySchema = z.object({
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
