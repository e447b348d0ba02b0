import type { WriteStep } from '@dsm/data/testing';

/**
 * One small transaction of a steady load (startSteadyWriter): inserts two organizations and
 * renames an older one; gives back the ids it inserted.
 */
export const writeOrganizations: WriteStep<number[]> = async (client, n) => {
  const { rows } = await client.query<{ id: string }>(`insert into organizations (name) values ($1), ($2) returning id`, [`org ${n}a`, `org ${n}b`]);
  await client.query(`update organizations set name = name || '*' where id = (select min(id) from organizations) + $1`, [n % 50]);
  return rows.map((row) => Number(row.id));
};
