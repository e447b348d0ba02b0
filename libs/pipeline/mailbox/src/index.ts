export * from './mailbox';
export * from './mailbox.schema';
export { escapeHtml } from './inbox.page';
