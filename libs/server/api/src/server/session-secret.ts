import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * SESSION_SECRET when given; otherwise one generated on first start and kept in `app_secrets`,
 * so there is never a default secret and sessions survive restarts. `on conflict do nothing`
 * makes two servers starting at once agree on the first one written.
 */
export async function resolveSessionSecret(databaseUrl: string, given?: string): Promise<string> {
  if (given) return given;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("insert into app_secrets (name, value) values ('session', $1) on conflict (name) do nothing", [
      randomBytes(32).toString('base64url'),
    ]);
    const { rows } = await client.query<{ value: string }>("select value from app_secrets where name = 'session'");
    return rows[0].value;
  } finally {
    await client.end();
  }
}
