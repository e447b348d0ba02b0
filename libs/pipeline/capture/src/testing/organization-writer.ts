import pg from 'pg';

export interface OrganizationWriter {
  /** Ids of rows whose transaction's COMMIT returned successfully. */
  readonly committed: number[];
  /** Transactions that failed (connection lost, server down) and were simply tried again. */
  readonly failures: number;
  stop(): Promise<void>;
}

/**
 * Steady write load: small transactions that insert two organizations and rename an older one,
 * until stopped. A failed transaction (the server restarting) is retried after a pause; only
 * commits PostgreSQL confirmed count, so a commit whose reply was lost may show up uncounted.
 */
export function startOrganizationWriter(url: string): OrganizationWriter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const committed: number[] = [];
  let failures = 0;
  let running = true;
  const writeOne = async (n: number) => {
    const client = await pool.connect();
    // A checked-out client has no pool listener: a restart between two statements must not crash.
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(`insert into organizations (name) values ($1), ($2) returning id`, [`org ${n}a`, `org ${n}b`]);
      await client.query(`update organizations set name = name || '*' where id = (select min(id) from organizations) + $1`, [n % 50]);
      await client.query('commit');
      committed.push(...rows.map((row) => Number(row.id)));
      client.off('error', ignore);
      client.release();
    } catch (error) {
      // A connection that saw an error is not given back to the pool: it may be dead.
      client.off('error', ignore);
      client.release(true);
      throw error;
    }
  };
  const loop = (async () => {
    await Promise.resolve();
    for (let n = 0; running; n += 1) {
      await writeOne(n).catch(async () => {
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
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
      await pool.end();
    },
  };
}
