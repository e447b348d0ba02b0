import type pg from 'pg';
import { createResilientClient, type PoolLogger } from '@dsm/pg-resilience';

/**
 * A client on the captured database that survives the server going away (a PostgreSQL restart
 * while a slot's snapshot connection waits, or between two queries): the lost connection is
 * logged, and pending queries reject with the error, which is where it is handled.
 */
export function createSourceClient(config: pg.ClientConfig, logger?: PoolLogger): pg.Client {
  return createResilientClient(config, { name: 'capture source', logger });
}
