import { expect, it } from 'vitest';
import type { SearchIndex } from '../search.port';
import { contractDefinition, deliveryDocument, DELIVERIES, uniqueIndexName } from './contract-fixtures';

type IndexProvider = () => SearchIndex;

/** ensureIndex, upsert/get/count, external versioning and per-item failure isolation. */
export function writeContract(search: IndexProvider): void {
  it('ensureIndex is idempotent: a second call keeps the alias, its physical index and its documents', async () => {
    const definition = contractDefinition(uniqueIndexName());
    await search().ensureIndex(definition);
    const physical = await search().resolveAlias(definition.name);
    await search().bulk(definition.name, [{ op: 'upsert', id: 'a', version: 1, document: { status: 'pending' } }]);

    await search().ensureIndex(definition);

    expect(physical).not.toBeNull();
    expect(await search().resolveAlias(definition.name)).toBe(physical);
    expect(await search().count(definition.name)).toBe(1);
  });

  it('resolveAlias is null for an index that was never created', async () => {
    expect(await search().resolveAlias(uniqueIndexName('missing'))).toBeNull();
  });

  it('upsert stores the document with its version; get returns it and count counts it', async () => {
    const name = await freshIndex(search);
    const document = deliveryDocument(DELIVERIES[0]);

    const results = await search().bulk(name, [{ op: 'upsert', id: 'd1', version: 10, document }]);

    expect(results).toEqual([{ id: 'd1', status: 'applied' }]);
    expect(await search().get(name, 'd1')).toEqual({ id: 'd1', version: 10, document });
    expect(await search().get(name, 'nope')).toBeNull();
    expect(await search().count(name)).toBe(1);
  });

  it('an older version never overwrites a newer one; an equal version is applied again', async () => {
    const name = await freshIndex(search);
    await search().bulk(name, [{ op: 'upsert', id: 'x', version: 5, document: { notes: 'five' } }]);

    const older = await search().bulk(name, [{ op: 'upsert', id: 'x', version: 4, document: { notes: 'four' } }]);
    const afterOlder = await search().get(name, 'x');
    const equal = await search().bulk(name, [{ op: 'upsert', id: 'x', version: 5, document: { notes: 'five again' } }]);

    expect(older).toEqual([{ id: 'x', status: 'stale' }]);
    expect(afterOlder?.document).toEqual({ notes: 'five' });
    expect(equal).toEqual([{ id: 'x', status: 'applied' }]);
    expect(await search().get(name, 'x')).toEqual({ id: 'x', version: 5, document: { notes: 'five again' } });
  });

  it('a delete keeps its version: an older upsert cannot resurrect the document, a newer one can', async () => {
    const name = await freshIndex(search);
    await search().bulk(name, [{ op: 'upsert', id: 'x', version: 5, document: { notes: 'five' } }]);

    const deleted = await search().bulk(name, [{ op: 'delete', id: 'x', version: 7 }]);
    const resurrect = await search().bulk(name, [{ op: 'upsert', id: 'x', version: 6, document: { notes: 'six' } }]);
    const afterStale = await search().get(name, 'x');
    const staleCount = await search().count(name);
    const newer = await search().bulk(name, [{ op: 'upsert', id: 'x', version: 8, document: { notes: 'eight' } }]);

    expect(deleted).toEqual([{ id: 'x', status: 'applied' }]);
    expect(resurrect).toEqual([{ id: 'x', status: 'stale' }]);
    expect(afterStale).toBeNull();
    expect(staleCount).toBe(0);
    expect(newer).toEqual([{ id: 'x', status: 'applied' }]);
    expect((await search().get(name, 'x'))?.document).toEqual({ notes: 'eight' });
  });

  it('out-of-order operations for one id in one call end with the highest version', async () => {
    const name = await freshIndex(search);

    const results = await search().bulk(name, [
      { op: 'upsert', id: 'x', version: 9, document: { notes: 'nine' } },
      { op: 'upsert', id: 'x', version: 3, document: { notes: 'three' } },
    ]);

    expect(results).toEqual([{ id: 'x', status: 'applied' }, { id: 'x', status: 'stale' }]);
    expect(await search().get(name, 'x')).toEqual({ id: 'x', version: 9, document: { notes: 'nine' } });
  });

  it('writers racing on the same ids, new and stored, end with each id\'s highest version', async () => {
    const name = await freshIndex(search);
    await search().bulk(name, [{ op: 'upsert', id: 'stored', version: 1, document: { notes: 'v1' } }]);
    const ids = ['stored', 'new-1', 'new-2', 'new-3'];
    // Eight calls at once, each writing every id with its own version (versions out of order), half of them in reverse id order.
    const versions = [...Array(8).keys()].map((call) => 2 + ((call * 5) % 8));
    const calls = versions.map((version, call) =>
      search().bulk(name, (call % 2 ? [...ids].reverse() : ids).map((id) => ({ op: 'upsert', id, version, document: { notes: `v${version}` } }))),
    );

    const results = await Promise.all(calls);

    const top = Math.max(...versions);
    expect(results[versions.indexOf(top)].every((result) => result.status === 'applied')).toBe(true);
    for (const id of ids) expect(await search().get(name, id)).toEqual({ id, version: top, document: { notes: `v${top}` } });
    expect(await search().count(name)).toBe(ids.length);
  });

  it('one bad document fails alone: the others in the same call are applied', async () => {
    const name = await freshIndex(search);

    const results = await search().bulk(name, [
      { op: 'upsert', id: 'good-1', version: 1, document: { mileage: 3 } },
      { op: 'upsert', id: 'bad', version: 1, document: { mileage: 'far away' } },
      { op: 'upsert', id: 'good-2', version: 1, document: { mileage: 4 } },
    ]);

    expect(results.map((result) => [result.id, result.status])).toEqual([['good-1', 'applied'], ['bad', 'error'], ['good-2', 'applied']]);
    expect(results[1].error).toEqual(expect.any(String));
    expect(await search().get(name, 'bad')).toBeNull();
    expect(await search().count(name)).toBe(2);
  });
}

async function freshIndex(search: IndexProvider): Promise<string> {
  const definition = contractDefinition(uniqueIndexName());
  await search().ensureIndex(definition);
  return definition.name;
}
