import { beforeAll, expect, it } from 'vitest';
import type { SearchIndex, SearchQuery } from '../search.port';
import { SearchQueryError } from '../query/search-query.errors';
import { contractDefinition, DELIVERIES, idsOf, uniqueIndexName, upsertsOf } from './contract-fixtures';

type IndexProvider = () => SearchIndex;

/** Free text, field:value, phrases, filters, ranges, sort, paging, facets and query errors. */
export function searchContract(search: IndexProvider): void {
  const name = uniqueIndexName('search');
  const find = (query: SearchQuery) => search().search(name, { size: 50, ...query });
  const sortedIds = async (query: SearchQuery) => idsOf((await find(query)).hits).sort();

  beforeAll(async () => {
    await search().ensureIndex(contractDefinition(name));
    await search().bulk(name, upsertsOf(DELIVERIES));
    await search().bulk(name, [{ op: 'delete', id: 'd8', version: 2 }, { op: 'upsert', id: 'd8', version: 1, document: {} }]);
  });

  it('free text: every word must match, in any text field, deleted documents never show', async () => {
    expect(await sortedIds({ text: 'harbour road' })).toEqual(['d1', 'd5']);
    expect(await sortedIds({ text: 'sally' })).toEqual(['d1', 'd2']);
    expect(await sortedIds({ text: 'kettle' })).toEqual(['d1', 'd2', 'd6']);
    expect(await sortedIds({ text: 'zebra' })).toEqual([]);
  });

  it('free text also matches a keyword field given a weight, which still filters by its exact value', async () => {
    expect(await sortedIds({ text: 'trondheim' })).toEqual(['d5']);
    expect(await sortedIds({ text: 'Bergen' })).toEqual(['d2', 'd4']);
    expect(await sortedIds({ text: 'bergen', filters: { 'details.to_city': ['bergen'] } })).toEqual(['d2', 'd4']);
  });

  it('free text: the last word also matches as a prefix', async () => {
    expect(await sortedIds({ text: 'Sal' })).toEqual(['d1', 'd2', 'd6']);
    expect(await sortedIds({ text: 'harbour ro' })).toEqual(['d1', 'd5']);
  });

  it('field:value searches only that field, for every field type', async () => {
    expect(await sortedIds({ text: 'customer.first_name:Sally' })).toEqual(['d1']);
    expect(await sortedIds({ text: 'status:delivered' })).toEqual(['d3', 'd7']);
    expect(await sortedIds({ text: 'mileage:40' })).toEqual(['d2']);
    expect(await sortedIds({ text: 'dispatch_at:2025-03-04' })).toEqual(['d4']);
    expect(await sortedIds({ text: 'paid:true' })).toEqual(['d3', 'd7']);
    expect(await sortedIds({ text: 'items.product_name:lamp' })).toEqual(['d3', 'd4']);
    expect(await sortedIds({ text: 'customer.last_name:Hansen blue' })).toEqual(['d1', 'd4']);
  });

  it('a "quoted phrase" matches the words in that order only', async () => {
    expect(await sortedIds({ text: '"left at door"' })).toEqual(['d1']);
    expect(await sortedIds({ text: 'notes:"door left at"' })).toEqual(['d3']);
  });

  it('keyword filters (any of the values) and inclusive ranges narrow the result', async () => {
    expect(await sortedIds({ filters: { status: ['pending', 'in_transit'] } })).toEqual(['d1', 'd2', 'd4', 'd6']);
    expect(await sortedIds({ filters: { status: ['pending'], 'details.to_city': ['oslo'] } })).toEqual(['d1']);
    expect(await sortedIds({ ranges: { dispatch_at: { gte: '2025-03-03', lte: '2025-03-05T12:00:00Z' } } })).toEqual(['d3', 'd4', 'd5']);
    expect(await sortedIds({ ranges: { mileage: { gte: 25 } } })).toEqual(['d2', 'd4', 'd5', 'd7']);
    expect(await sortedIds({ text: 'kettle', ranges: { mileage: { lte: '12.5' } } })).toEqual(['d1', 'd6']);
  });

  it('sorts on sortable fields and pages through the sorted result; total counts every match', async () => {
    const byMileage = await find({ sort: [{ field: 'mileage', direction: 'desc' }] });
    const secondPage = await find({ sort: [{ field: 'mileage', direction: 'asc' }], page: 2, size: 3 });
    const byName = await find({ sort: [{ field: 'customer.first_name', direction: 'asc' }] });

    expect(idsOf(byMileage.hits)).toEqual(['d7', 'd5', 'd2', 'd4', 'd1', 'd6', 'd3']);
    expect(idsOf(secondPage.hits)).toEqual(['d4', 'd2', 'd5']);
    expect(secondPage.total).toBe(7);
    expect(idsOf(byName.hits)).toEqual(['d7', 'd5', 'd4', 'd3', 'd6', 'd1', 'd2']);
  });

  it('returns each hit with its version, document and a score; ranks better matches first', async () => {
    const result = await find({ text: 'hansen' });

    expect(result.total).toBe(2);
    expect(result.hits[0]).toMatchObject({ version: 1, document: { customer: { last_name: 'Hansen' } } });
    expect(result.hits[0].score).toEqual(expect.any(Number));
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('counts facets over the filtered set, most frequent first (ties by value)', async () => {
    const harbour = await find({ text: 'harbour' });
    const pending = await find({ filters: { status: ['pending'] }, facets: ['details.to_city'] });

    expect(harbour.facets['details.to_city']).toEqual([{ value: 'oslo', count: 2 }, { value: 'trondheim', count: 1 }]);
    expect(harbour.facets['status']).toEqual([
      { value: 'delivered', count: 1 },
      { value: 'failed', count: 1 },
      { value: 'pending', count: 1 },
    ]);
    expect(pending.facets).toEqual({ 'details.to_city': [{ value: 'bergen', count: 1 }, { value: 'oslo', count: 1 }] });
  });

  it('rejects undeclared fields, wrong value types and bad syntax with a SearchQueryError', async () => {
    const rejected = async (query: SearchQuery) => find(query).then(() => null, (error: unknown) => error);

    expect(await rejected({ text: 'colour:red' })).toMatchObject({ code: 'unknown_field', field: 'colour' });
    expect(await rejected({ filters: { colour: ['red'] } })).toMatchObject({ code: 'unknown_field' });
    expect(await rejected({ sort: [{ field: 'notes', direction: 'asc' }] })).toMatchObject({ code: 'unknown_field' });
    expect(await rejected({ text: 'mileage:far' })).toMatchObject({ code: 'invalid_value', field: 'mileage' });
    expect(await rejected({ text: '"never closed' })).toBeInstanceOf(SearchQueryError);
  });

  it('treats operators and metacharacters as plain text', async () => {
    const hostile = ["sally' OR 1=1 --", 'sally & !hansen | (x) <-> y:*', 'sally\\" AND status:pending', 'sally )))))'];
    for (const text of hostile) {
      const result = await find({ text }).catch((error: unknown) => error);
      expect(result instanceof SearchQueryError || Array.isArray((result as { hits?: unknown }).hits)).toBe(true);
    }
  });
}
