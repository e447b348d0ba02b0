import pg from 'pg';

/** Where a pool reports the connections it lost (a pino logger fits). */
export interface PoolLogger {
  warn(object: object, message: string): void;
}

export interface ResilientPoolOptions {
  /** Names the pool in log lines, e.g. `view repository`. */
  name: string;
  logger?: PoolLogger;
}

const consolePoolLogger: PoolLogger = { warn: (object, message) => console.warn(message, object) };

/**
 * A pg pool that outlives its server going away (a PostgreSQL restart, a failover, a terminated
 * backend). pg emits 'error' on a client whose socket dies; the pool listens only to its IDLE
 * clients, so an unheard 'error' on a checked-out client (between two statements of a
 * transaction, say) would end the process. Here both are logged instead: the query in flight
 * still rejects, which is where the caller handles it (a stage throws, so its batch is
 * redelivered), and pg drops the dead client when it is released or found idle.
 */
export function createResilientPool(config: pg.PoolConfig, options: ResilientPoolOptions): pg.Pool {
  const logger = options.logger ?? consolePoolLogger;
  const pool = new pg.Pool(config);
  // Every client hears its own error, idle or checked out, so each lost connection is one line;
  // the pool re-emits an idle client's error, which needs a listener but has nothing new to say.
  pool.on('connect', (client) =>
    client.on('error', (error) => logger.warn({ pool: options.name, err: error.message }, `${options.name}: database connection lost`)),
  );
  pool.on('error', () => undefined);
  return pool;
}
