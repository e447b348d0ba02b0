import pg from 'pg';

/**
 * A client on the captured database that survives the server going away. pg emits 'error' on
 * a connected client whose socket dies even when no query is running (a PostgreSQL restart
 * while a slot's snapshot connection waits, or between two queries), and an unheard 'error'
 * ends the process. Pending queries still reject with the error, which is where it is handled.
 */
export function createSourceClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  return client;
}
