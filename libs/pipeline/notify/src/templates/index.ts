export { renderNotification, type NotificationModels } from './render';
export { renderPreview } from './preview';
export type { RenderedEmail } from './template';
