import { UNAVAILABLE_VALUE, cleanTopic, outboxTopic } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { HEADER } from '../shared/headers';
import { asConsumed, debeziumTransaction } from '../testing';
import { changeVersion, mapChangeRecord } from './etl.mapper';

const change = (tx: Parameters<typeof debeziumTransaction>[1]) => asConsumed(debeziumTransaction('dsm', tx)[1]);

describe('etl mapper', () => {
  it('decodes Debezium encodings into a typed clean row with metadata headers', () => {
    const record = change({ xid: 7, lsn: 1000, lastCommitLsn: 900, tsMs: 5, changes: [{ table: 'invoices', op: 'c', after: { id: 3, order_id: 1, number: 'INV-1', amount: '59.70', due_date: 20_468, status: 'issued' } }] });
    const { records, entity } = mapChangeRecord('dsm', record);
    expect(entity).toBe('invoices');
    expect(records).toHaveLength(1);
    expect(records[0].topic).toBe(cleanTopic('dsm', 'invoices'));
    expect(JSON.parse(records[0].value!)).toEqual({ id: 3, order_id: 1, number: 'INV-1', amount: 59.7, due_date: '2026-01-15', status: 'issued' });
    expect(records[0].headers).toMatchObject({ [HEADER.op]: 'c', [HEADER.tx]: '7:1000', [HEADER.order]: '1', [HEADER.lsn]: '1000', [HEADER.sourceTs]: '5' });
  });

  it('rewrites a delete as the before image marked deleted, followed by a tombstone', () => {
    const record = change({ xid: 7, lsn: 1000, changes: [{ table: 'customers', op: 'd', before: { id: 4, organization_id: 1, first_name: 'Ann' } }] });
    const { records } = mapChangeRecord('dsm', record);
    expect(records.map((out) => out.value && JSON.parse(out.value))).toEqual([{ id: 4, organization_id: 1, first_name: 'Ann', __deleted: true }, null]);
  });

  it('keeps the typed before image of an update so a moved foreign key touches both sides', () => {
    const record = change({ xid: 7, lsn: 1000, changes: [{ table: 'order_items', op: 'u', before: { id: 1, order_id: 1, quantity: 1 }, after: { id: 1, order_id: 2, quantity: 1 } }] });
    const { records } = mapChangeRecord('dsm', record);
    expect(JSON.parse(records[0].headers![HEADER.before])).toEqual({ id: 1, order_id: 1, quantity: 1 });
  });

  it('fills an unchanged TOASTed column from the before image', () => {
    const record = change({ xid: 7, lsn: 1000, changes: [{ table: 'deliveries', op: 'u', before: { id: 1, notes: 'long' }, after: { id: 1, notes: UNAVAILABLE_VALUE } }] });
    expect(JSON.parse(mapChangeRecord('dsm', record).records[0].value!)).toEqual({ id: 1, notes: 'long' });
  });

  it('routes an outbox insert by aggregate type, keyed by aggregate id, with the event id header', () => {
    const id = '6f1c2f4e-59f8-4a43-9d5e-1b2f1e4c8a10';
    const record = change({
      xid: 7, lsn: 1000,
      changes: [{ table: 'outbox', op: 'c', after: { id, aggregate_type: 'delivery', aggregate_id: '12', type: 'delivery.created', payload: '{"id":12}', created_at: '2026-01-01T00:00:00Z' } }],
    });
    const { records, entity } = mapChangeRecord('dsm', record);
    expect(entity).toBeNull();
    expect(records).toEqual([expect.objectContaining({ topic: outboxTopic('dsm', 'delivery'), key: '12', value: '{"id":12}' })]);
    expect(records[0].headers).toMatchObject({ id, type: 'delivery.created', aggregate_type: 'delivery' });
  });

  it('emits nothing for an outbox delete', () => {
    const record = change({ xid: 7, lsn: 1000, changes: [{ table: 'outbox', op: 'd', before: { id: 'x' } }] });
    expect(mapChangeRecord('dsm', record).records).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json'],
    ['no envelope', '{"hello":1}'],
  ])('rejects a malformed record (%s)', (_name, value) => {
    expect(() => mapChangeRecord('dsm', { ...asConsumed({ topic: 'dsm.public.orders', key: null, value }) })).toThrow();
  });

  it('rejects an undecodable date', () => {
    const record = change({ xid: 7, lsn: 1000, changes: [{ table: 'orders', op: 'c', after: { id: 1, order_date: 'yesterday' } }] });
    expect(() => mapChangeRecord('dsm', record)).toThrow(/days since epoch/);
  });

  it('versions a change above the previous commit and never below its own LSN', () => {
    const early = change({ xid: 1, lsn: 100, lastCommitLsn: 50, changes: [{ table: 'orders', op: 'c', after: { id: 1 } }] });
    const interleaved = change({ xid: 2, lsn: 90, lastCommitLsn: 130, changes: [{ table: 'orders', op: 'u', after: { id: 1 } }] });
    const versions = [early, interleaved].map((record) => changeVersion(JSON.parse(record.value!)));
    expect(versions).toEqual([100, 131]);
  });
});
