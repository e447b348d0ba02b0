import type { Database } from '@dsm/data';
import type { Writer } from './db/write-transaction';

/** What feature routers get: the database and the transactional writer, never a singleton. */
export interface ApiDeps {
  db: Database;
  writer: Writer;
}
