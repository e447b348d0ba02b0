import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import { migrate } from './migrate';
import { seed } from './seed';
import { verifyPassword } from './password';
import { prepareDatabases } from './database';

describe('database schema', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('data');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('migrate is idempotent: a second run applies nothing', async () => {
    expect(await migrate(db.url)).toEqual([]);
  });

  it('enforces enums, uniqueness and references in the database itself', async () => {
    const org = await client.query('insert into organizations (name) values ($1) returning id', ['Acme']);
    const orgId = org.rows[0].id;
    await expect(client.query(
      "insert into orders (organization_id, customer_id, po, priority) values ($1, 999999, 'PO-1', 'low')", [orgId],
    )).rejects.toThrow(/foreign key/);
    const customer = await client.query(
      "insert into customers (organization_id, first_name, last_name, email) values ($1, 'A', 'B', 'a@b.c') returning id", [orgId],
    );
    await expect(client.query(
      "insert into orders (organization_id, customer_id, po, priority) values ($1, $2, 'PO-1', 'urgent')",
      [orgId, customer.rows[0].id],
    )).rejects.toThrow(/check constraint/);
    await client.query("insert into orders (organization_id, customer_id, po) values ($1, $2, 'PO-1')", [orgId, customer.rows[0].id]);
    await expect(client.query(
      "insert into orders (organization_id, customer_id, po) values ($1, $2, 'PO-1')", [orgId, customer.rows[0].id],
    )).rejects.toThrow(/duplicate key/);
  });

  it('publishes every captured table with full replica identity', async () => {
    const { rows } = await client.query("select tablename from pg_publication_tables where pubname = 'dsm_publication' order by 1");
    expect(rows.map((row) => row.tablename)).toContain('deliveries');
    expect(rows.map((row) => row.tablename)).not.toContain('users');
    const identity = await client.query("select relreplident from pg_class where relname = 'deliveries'");
    expect(identity.rows[0].relreplident).toBe('f');
  });

  it('seeds an admin with a verifiable scrypt hash once, and sample data once', async () => {
    const fresh = await createTestDatabase('seed');
    const first = await seed(fresh.url, { adminEmail: 'Admin@Example.com', adminPassword: 'correct horse battery' });
    const second = await seed(fresh.url, { adminEmail: 'admin@example.com' });
    const again = await seed(fresh.url, { adminEmail: 'admin@example.com' });
    const check = new pg.Client({ connectionString: fresh.url });
    await check.connect();
    expect(first.admin?.generated).toBe(false);
    expect(second.admin).toBeUndefined();
    expect([first.sampleData, second.sampleData, again.sampleData]).toEqual([true, false, false]);
    const { rows } = await check.query("select password_hash from users where email = 'admin@example.com'");
    expect(await verifyPassword('correct horse battery', rows[0].password_hash)).toBe(true);
    expect(await verifyPassword('wrong', rows[0].password_hash)).toBe(false);
    const products = await check.query('select count(*)::int as n from products');
    expect(products.rows[0].n).toBe(5);
    await check.end();
    await fresh.drop();
  });

  it('finds the pipeline database beside the domain database', async () => {
    const databases = await prepareDatabases(db.url);
    expect(databases.pipelineUrl).toContain(`${db.name}_pipeline`);
    expect(databases.sharedDatabase).toBe(false);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`drop database ${db.name}_pipeline`);
    await admin.end();
  });
});
