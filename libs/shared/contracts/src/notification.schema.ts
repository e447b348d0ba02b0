import { z } from 'zod';

/** The e-mails the notify stage sends; one template each. */
export const NOTIFICATION_TYPES = ['order_confirmation', 'invoice_created', 'delivery_delivered', 'delivery_failed'] as const;
export const NotificationTypeSchema = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof NotificationTypeSchema>;

/**
 * Where one notification stands. `sending`: claimed, SMTP in flight. `retrying`: the SMTP server
 * refused or was unreachable; more attempts follow. `failed`: gave up, dead-lettered.
 * `unconfirmed`: the stage stopped during the SMTP exchange, so whether the server accepted the
 * mail is unknown; it is not resent by itself (dead-lettered: replay to send it).
 */
export const NOTIFICATION_STATUSES = ['sending', 'retrying', 'sent', 'failed', 'unconfirmed'] as const;
export const NotificationStatusSchema = z.enum(NOTIFICATION_STATUSES);
export type NotificationStatus = z.infer<typeof NotificationStatusSchema>;

/** One row of the notification log: who was told what, when, and how it went. */
export const NotificationLogEntrySchema = z.object({
  eventId: z.string(),
  eventType: z.string(),
  type: NotificationTypeSchema,
  status: NotificationStatusSchema,
  recipient: z.string(),
  recipientName: z.string(),
  subject: z.string(),
  messageId: z.string(),
  customerId: z.number().nullable(),
  orderId: z.number().nullable(),
  invoiceId: z.number().nullable(),
  deliveryId: z.number().nullable(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
});
export type NotificationLogEntry = z.infer<typeof NotificationLogEntrySchema>;

/** Query of the notification log (API: by order or by delivery). */
export const NotificationQuerySchema = z.object({
  orderId: z.coerce.number().int().positive().optional(),
  deliveryId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type NotificationQuery = z.input<typeof NotificationQuerySchema>;
