export { createNotifyStage, notifyGroup, notifyTopics, type NotifyStage, type NotifyStageOptions, type NotifyLogger } from './notify.stage';
export { createNotificationLog, type NotificationLog } from './notification-log';
export { renderPreview, renderNotification, type NotificationModels, type RenderedEmail } from './templates';
export { createSmtpMailer, messageIdFor, SmtpError, type Mailer, type OutgoingEmail } from './mailer.adapter';
export { NOTIFY_AGGREGATES } from './notify-event.schema';
export type { RetryPolicy } from './retry-policy';
