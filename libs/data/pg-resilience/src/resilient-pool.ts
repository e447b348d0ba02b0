import pg from 'pg';

/** Where a pool or client reports the connections it lost (a pino logger fits). */
export interface PoolLogger {
  warn(object: object, message: string): void;
}

export interface ResilientPoolOptions {
  /** Names the pool or client in log lines, e.g. `view repository`. */
  name: string;
  logger?: PoolLogger;
}

const consolePoolLogger: PoolLogger = { warn: (object, message) => console.warn(message, object) };

function reportLostConnection({ name, logger = consolePoolLogger }: ResilientPoolOptions): (error: Error) => void {
  return (error) => logger.warn({ pool: name, err: error.message }, `${name}: database connection lost`);
}

/**
 * A pg pool that outlives its server going away (a PostgreSQL restart, a failover, a terminated
 * backend). pg emits 'error' on a client whose socket dies; the pool listens only to its IDLE
 * clients, so an unheard 'error' on a checked-out client (between two statements of a
 * transaction, say) would end the process. Here both are logged instead: the query in flight
 * still rejects, which is where the caller handles it (a stage throws, so its batch is
 * redelivered), and pg drops the dead client when it is released or found idle.
 */
export function createResilientPool(config: pg.PoolConfig, options: ResilientPoolOptions): pg.Pool {
  const report = reportLostConnection(options);
  const pool = new pg.Pool(config);
  // Every client hears its own error, idle or checked out, so each lost connection is one line;
  // the pool re-emits an idle client's error, which needs a listener but has nothing new to say.
  pool.on('connect', (client) => client.on('error', report));
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A single pg client with the same guard, for connections a pool cannot hold (a replication
 * connection, a snapshot's exported transaction). pg emits 'error' on a connected client whose
 * socket dies even while no query runs; it is logged, and pending queries still reject with it.
 * A dead client is not reconnected: its owner opens a new one.
 */
export function createResilientClient(config: pg.ClientConfig, options: ResilientPoolOptions): pg.Client {
  const client = new pg.Client(config);
  client.on('error', reportLostConnection(options));
  return client;
}
