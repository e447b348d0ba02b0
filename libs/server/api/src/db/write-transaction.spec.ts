import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, signIn, type ApiHarness, type SignedIn } from '../testing/api-harness';

/**
 * The txId a write returns must be the id logical decoding reports for its commit (Debezium's
 * source.txId), so a user can find their change in the pipeline.
 */
describe('txId of a write', () => {
  let h: ApiHarness;
  let dispatcher: SignedIn;
  let slot: string;
  beforeAll(async () => {
    h = await createApiHarness();
    dispatcher = await signIn(h.app, h.sql, 'dispatcher');
    slot = `txid_${h.database.name}`;
    await h.sql.query("select pg_create_logical_replication_slot($1, 'test_decoding')", [slot]);
  });
  afterAll(async () => {
    await h.sql.query('select pg_drop_replication_slot($1)', [slot]);
    await h.close();
  });

  it('equals the xid logical decoding reports for the commit that wrote the rows and the outbox row', async () => {
    const res = await dispatcher.post('/api/organizations', { name: 'Decoded Ltd' }).expect(201);
    const { rows } = await h.sql.query<{ xid: string; data: string }>('select xid::text, data from pg_logical_slot_get_changes($1, null, null)', [slot]);
    const ours = rows.filter((row) => row.data.includes('Decoded Ltd'));
    expect(ours.map((row) => row.data.split(':')[0])).toEqual(['table public.organizations', 'table public.outbox']);
    expect(new Set(ours.map((row) => row.xid))).toEqual(new Set([res.body.txId]));
    expect(rows.find((row) => row.data.startsWith('BEGIN') && row.xid === res.body.txId)?.data).toBe(`BEGIN ${res.body.txId}`);
  });

  it('differs per command: two writes are two transactions', async () => {
    const first = await dispatcher.post('/api/organizations', { name: 'First' }).expect(201);
    const second = await dispatcher.post('/api/organizations', { name: 'Second' }).expect(201);
    expect(Number(second.body.txId)).toBeGreaterThan(Number(first.body.txId));
    await h.sql.query('select pg_logical_slot_get_changes($1, null, null)', [slot]);
  });

  it('is not issued for a refused command: no domain change reaches the WAL', async () => {
    await dispatcher.post('/api/customers', { organization_id: 987654, first_name: 'A', last_name: 'B', email: 'a@b.co' }).expect(422);
    const { rows } = await h.sql.query<{ data: string }>('select data from pg_logical_slot_get_changes($1, null, null)', [slot]);
    // Only the session's rolling expiry is touched (an unpublished table).
    expect(rows.filter((row) => row.data.startsWith('table') && !row.data.startsWith('table public.sessions'))).toEqual([]);
  });
});

