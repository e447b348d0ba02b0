import type pg from 'pg';

/** The statements of the n-th transaction; what it returns counts once its COMMIT succeeded. */
export type WriteStep<T> = (client: pg.PoolClient, n: number) => Promise<T>;

export interface SteadyWriter<T> {
  /** What each transaction whose COMMIT returned successfully gave back, in commit order. */
  readonly committed: readonly T[];
  /** Transactions that failed (connection lost, server down); each is followed by a short pause. */
  readonly failures: number;
  stop(): Promise<void>;
}

/** Pause after a failed transaction, so a server that is down is not asked in a tight loop. */
const FAILURE_PAUSE_MS = 100;

/**
 * Steady write load for restart tests: `step` in a transaction of its own, one after another,
 * until stopped. A transaction the restart breaks is counted and not retried (it never
 * committed, so nothing downstream owes it); only commits PostgreSQL confirmed count, so a commit
 * whose reply was lost may show up downstream uncounted. Give it a resilient pool: a checked-out
 * client may lose its connection between two statements.
 */
export function startSteadyWriter<T>(pool: pg.Pool, step: WriteStep<T>): SteadyWriter<T> {
  const committed: T[] = [];
  let failures = 0;
  let running = true;
  const writeOne = async (n: number) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await step(client, n);
      await client.query('commit');
      committed.push(result);
      client.release();
    } catch (error) {
      // A connection that saw an error may be dead: it is not given back to the pool.
      client.release(true);
      throw error;
    }
  };
  const loop = (async () => {
    for (let n = 0; running; n += 1) {
      await writeOne(n).catch(async () => {
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, FAILURE_PAUSE_MS));
      });
    }
  })();
  return {
    committed,
    get failures() {
      return failures;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
