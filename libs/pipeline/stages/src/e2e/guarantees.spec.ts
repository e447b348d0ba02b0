import { rawTopic, stageEventsOf, stageEventsTopic, viewTopic } from '@dsm/contracts';
import { readDeadLetters } from '@dsm/eventlog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER } from '../shared/headers';
import { createPipelineHarness, debeziumTransaction, insertDomainGraph, waitUntil, type PipelineHarness } from '../testing';

describe('pipeline guarantees (real PostgreSQL, capture, log and index)', () => {
  let harness: PipelineHarness;
  const sql = (text: string, values: unknown[] = []) => harness.pool.query(text, values);
  const deadLetters = async (stage: 'etl' | 'index') =>
    (await readDeadLetters(harness.log, harness.prefix, stage)).map((entry) => entry.deadLetter);

  beforeAll(async () => {
    harness = await createPipelineHarness('e2e_guar');
    await harness.start();
  });

  afterAll(async () => harness?.stop());

  it('lands a state change committed long after the delivery was created', async () => {
    const client = await harness.pool.connect();
    const graph = await insertDomainGraph(client, 'late').finally(() => client.release());
    await sql("update deliveries set created_at = now() - interval '3 days' where id = $1", [graph.deliveryId]);
    await sql("update attempts set created_at = now() - interval '3 days' where id = $1", [graph.attemptId]);
    await waitUntil(() => harness.search.get('deliveries', String(graph.deliveryId)), 'the old delivery');

    const client2 = await harness.pool.connect();
    try {
      await client2.query('begin');
      await client2.query("insert into state_changes (attempt_id, state, created_at) values ($1, 'dispatched', now())", [graph.attemptId]);
      await client2.query("update attempts set status = 'dispatched' where id = $1", [graph.attemptId]);
      await client2.query("update deliveries set status = 'dispatched' where id = $1", [graph.deliveryId]);
      await client2.query('commit');
    } finally {
      client2.release();
    }
    const stored = await waitUntil(async () => {
      const doc = await harness.search.get('deliveries', String(graph.deliveryId));
      return doc?.document['status'] === 'dispatched' && doc;
    }, 'the late state change');
    expect(stored.document).toMatchObject({ attempts: [{ status: 'dispatched', state_changes: [{ state: 'dispatched' }] }] });
  });

  it('never shows part of a multi-row transaction to a reader polling the index', async () => {
    const client = await harness.pool.connect();
    try {
      for (let index = 0; index < 12; index += 1) await insertDomainGraph(client, `half${index}`);
    } finally {
      client.release();
    }
    const ids = (await sql("select d.id from deliveries d join orders o on o.id = d.order_id where o.po like 'PO-half%'")).rows.map((row) => String(row.id));
    await waitUntil(async () => (await Promise.all(ids.map((id) => harness.search.get('deliveries', id)))).every(Boolean), 'the deliveries');

    const seen = new Set<number>();
    let done = false;
    const poller = (async () => {
      while (!done) seen.add((await harness.search.search('deliveries', { text: 'zqxmarker', size: 1 })).total);
    })();
    await sql("update deliveries set notes = 'zqxmarker' where id = any($1::bigint[])", [ids]);
    await waitUntil(async () => seen.has(ids.length), 'the whole transaction in the index');
    done = true;
    await poller;
    expect([...seen].sort((a, b) => a - b)).toEqual(seen.has(0) ? [0, ids.length] : [ids.length]);
  });

  it('never regresses a document on out-of-order or duplicate delivery', async () => {
    const topic = viewTopic(harness.prefix, 'full_order');
    const send = (version: number, value: string | null) =>
      harness.log.produce([{ topic, key: '900001', value, headers: { [HEADER.version]: String(version), [HEADER.unit]: `u${version}-${Math.random()}`, [HEADER.unitSize]: '1' } }]);
    const orderDoc = (po: string, version: number) => {
      const base = { id: 900001, po, priority: 'low', status: 'open', order_date: '2026-01-01', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
      return JSON.stringify({ ...base, organization: null, customer: null, items: [], invoices: [], deliveries: [], version });
    };
    await send(200, orderDoc('NEW', 200));
    await send(100, orderDoc('OLD', 100));
    await send(200, orderDoc('NEW', 200));
    await send(150, null);
    await send(201, orderDoc('NEWER', 201));
    const stored = await waitUntil(async () => {
      const doc = await harness.search.get('orders', '900001');
      return doc?.version === 201 && doc;
    }, 'the newest version');
    expect(stored.document['po']).toBe('NEWER');

    await send(300, null);
    await send(250, orderDoc('RESURRECTED', 250));
    await send(301, orderDoc('AFTER', 301));
    await waitUntil(async () => (await harness.search.get('orders', '900001'))?.version === 301, 'the write after the delete');
    expect((await harness.search.get('orders', '900001'))?.document['po']).toBe('AFTER');
  });

  it('dead-letters a poisoned record and goes on with the next ones', async () => {
    await harness.log.produce([{ topic: rawTopic(harness.prefix, 'orders'), key: '{"id":1}', value: '{not json' }]);
    await harness.log.produce([{ topic: viewTopic(harness.prefix, 'full_delivery'), key: '900002', value: '{"id":"x"}', headers: { [HEADER.version]: '1', [HEADER.unit]: 'poison', [HEADER.unitSize]: '1' } }]);
    const client = await harness.pool.connect();
    const graph = await insertDomainGraph(client, 'after_poison').finally(() => client.release());

    await waitUntil(() => harness.search.get('deliveries', String(graph.deliveryId)), 'the change after the poison');
    const etl = await waitUntil(async () => (await deadLetters('etl')).find((letter) => letter.original.value === '{not json'), 'the etl dead letter');
    expect(etl).toMatchObject({ stage: 'etl', original: { topic: rawTopic(harness.prefix, 'orders') } });
    const index = await waitUntil(async () => (await deadLetters('index')).find((letter) => letter.original.key === '900002'), 'the index dead letter');
    expect(index.error).toMatch(/id|expected/i);
    expect(await harness.search.get('deliveries', '900002')).toBeNull();
  });

  it('completes a source transaction whose malformed member was dead-lettered', async () => {
    await harness.log.produce(debeziumTransaction(harness.prefix, {
      xid: 990001, lsn: 1000, lastCommitLsn: 900,
      changes: [
        { table: 'orders', op: 'c', after: { id: 777777, order_date: 'yesterday' } },
        { table: 'deliveries', op: 'c', after: { id: 777779, order_id: 777777, status: 'created' } },
      ],
    }));
    const letter = await waitUntil(async () => (await deadLetters('etl')).find((entry) => entry.original.key === '{"id":777777}'), 'the dead-lettered member');
    expect(letter.error).toMatch(/days since epoch/);
    const viewed = await waitUntil(async () => {
      const events = await harness.log.read(stageEventsTopic(harness.prefix), { last: 200 });
      return events.flatMap((record) => stageEventsOf(JSON.parse(record.value!)).events).find((event) => event.stage === 'view' && event.traceId === '990001');
    }, 'the view stage to apply the rest of the transaction');
    expect(viewed).toMatchObject({ entity: 'full_delivery', key: '777779' });
  });

  it('reports every source transaction of a batch at the view and the index, not one per batch', async () => {
    const client = await harness.pool.connect();
    const graph = await insertDomainGraph(client, 'traced').finally(() => client.release());
    await waitUntil(() => harness.search.get('deliveries', String(graph.deliveryId)), 'the delivery');
    harness.stages.view.pause();
    const traceIds: string[] = [];
    for (const notes of ['first', 'second', 'third']) {
      const { rows } = await sql('update deliveries set notes = $2 where id = $1 returning pg_current_xact_id()::xid::text as xid', [graph.deliveryId, `traced ${notes}`]);
      traceIds.push(rows[0].xid);
    }
    const tracesAt = async (stage: string) => {
      const records = await harness.log.read(stageEventsTopic(harness.prefix), { last: 500 });
      const events = records.flatMap((record) => stageEventsOf(JSON.parse(record.value!)).events);
      return new Set(events.filter((event) => event.stage === stage && traceIds.includes(event.traceId)).map((event) => event.traceId));
    };
    await waitUntil(async () => (await tracesAt('etl')).size === 3, 'the etl to report all three');
    // The three transactions now reach the view in one batch.
    harness.stages.view.resume();

    await waitUntil(async () => (await tracesAt('view')).size === 3, 'a view event for each transaction');
    await waitUntil(async () => (await tracesAt('index')).size === 3, 'an index event for each transaction');
    expect((await harness.search.get('deliveries', String(graph.deliveryId)))?.document['notes']).toBe('traced third');
  });
});
