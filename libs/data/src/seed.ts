import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from './password';

export interface SeedOptions {
  adminEmail: string;
  /** Unset: a random password is generated and returned once. */
  adminPassword?: string;
  /** Example organizations, customers and products on an empty database. */
  sampleData?: boolean;
}

export interface SeedResult {
  admin?: { email: string; password: string; generated: boolean };
  sampleData: boolean;
}

const ORGANIZATIONS = ['Northwind Logistics', 'Blue Harbor Foods', 'Summit Medical Supply'];
const CUSTOMERS: Array<[string, string, string, string]> = [
  ['Sally', 'Fields', 'sally.fields@example.com', '+1 415 555 0101'],
  ['Marco', 'Rossi', 'marco.rossi@example.com', '+39 02 555 0102'],
  ['Aiko', 'Tanaka', 'aiko.tanaka@example.com', '+81 3 5550 0103'],
  ['Nadia', 'Haddad', 'nadia.haddad@example.com', '+961 1 555 0104'],
  ['Tom', 'Becker', 'tom.becker@example.com', '+49 30 555 0105'],
  ['Lucía', 'Fernández', 'lucia.fernandez@example.com', '+34 91 555 0106'],
];
const PRODUCTS: Array<[string, string, number]> = [
  ['Pallet of bottled water', 'WATER-PAL', 189.5],
  ['Insulated cooler box', 'COOL-BOX-L', 42],
  ['First-aid kit', 'FAK-200', 24.99],
  ['Office chair', 'CHAIR-ERG', 249],
  ['Printer paper (5 reams)', 'PAPER-A4-5', 21.75],
];

/** First-run data: the admin account when there is no user, sample data when there is none. */
export async function seed(url: string, options: SeedOptions): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: SeedResult = { sampleData: false };
    const users = await client.query('select 1 from users limit 1');
    if (!users.rowCount) {
      const password = options.adminPassword ?? randomBytes(12).toString('base64url');
      await client.query('insert into users (email, password_hash, role) values ($1, $2, $3)', [
        options.adminEmail.toLowerCase(), await hashPassword(password), 'admin',
      ]);
      result.admin = { email: options.adminEmail, password, generated: !options.adminPassword };
    }
    const organizations = await client.query('select 1 from organizations limit 1');
    if (options.sampleData !== false && !organizations.rowCount) {
      await insertSampleData(client);
      result.sampleData = true;
    }
    return result;
  } finally {
    await client.end();
  }
}

async function insertSampleData(client: pg.Client): Promise<void> {
  await client.query('begin');
  try {
    const orgIds: number[] = [];
    for (const name of ORGANIZATIONS) {
      const { rows } = await client.query<{ id: number }>('insert into organizations (name) values ($1) returning id', [name]);
      orgIds.push(rows[0].id);
    }
    for (const [index, [first, last, email, phone]] of CUSTOMERS.entries()) {
      await client.query(
        'insert into customers (organization_id, first_name, last_name, email, phone) values ($1, $2, $3, $4, $5)',
        [orgIds[index % orgIds.length], first, last, email, phone],
      );
    }
    for (const [name, sku, price] of PRODUCTS) {
      await client.query('insert into products (name, sku, price) values ($1, $2, $3)', [name, sku, price]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
