import { Router, type RequestHandler } from 'express';
import type { EventLog } from '@dsm/eventlog';
import type { NotificationLog } from '@dsm/notify';
import type { SearchIndex } from '@dsm/search';
import { auditRouter } from './audit/audit.router';
import { freshnessRouter } from './freshness/freshness.router';
import { requireRole, type FindUser } from './http/role.guard';
import { searchErrorMiddleware } from './http/search-error.middleware';
import { notificationRouter } from './notifications/notification.router';
import { searchRouter } from './search/search.router';

export interface SearchApiOptions {
  search: SearchIndex;
  eventLog: EventLog;
  notifications: NotificationLog;
  prefix: string;
  /** The domain database, whose WAL position freshness compares against. */
  domainUrl: string;
  /** The API's session middleware (a no-op when it already ran). */
  session: RequestHandler;
  findUser: FindUser;
}

/**
 * The read side of the product: search, audit, freshness and the notification log, for every
 * signed-in role; notification previews for admins. Mount at the root (e.g. through the API's
 * `extend`), before its 404. Every route is GET, so no CSRF check is needed.
 */
export function createSearchApiRouter(options: SearchApiOptions): Router {
  const signedIn = [options.session, requireRole('read', options.findUser)];
  return Router()
    .use('/api/search', ...signedIn, searchRouter(options.search))
    .use('/api/audit', ...signedIn, auditRouter(options.search))
    .use('/api/pipeline/freshness', ...signedIn, freshnessRouter(options))
    .use('/api/notifications', ...signedIn, notificationRouter(options.notifications, requireRole('admin', options.findUser)))
    .use(searchErrorMiddleware);
}
