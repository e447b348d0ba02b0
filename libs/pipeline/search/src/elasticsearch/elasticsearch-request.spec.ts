import { errors } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import type { BulkOperation } from '../search.port';
import { planSearchQuery } from '../query/search-query.plan';
import { contractDefinition } from '../testing';
import { SearchStoreUnavailableError } from '../search-store.errors';
import { bulkRequestOf, bulkResultsOf } from './elasticsearch-bulk';
import { asStoreUnavailable } from './elasticsearch-errors';
import { mappingsOf } from './elasticsearch-mapping';
import { searchBodyOf } from './elasticsearch-query.dsl';

const definition = contractDefinition('deliveries');

describe('Elasticsearch mappings', () => {
  it('maps every declared field explicitly under document, with a raw keyword for sortable text', () => {
    const mappings = mappingsOf(definition) as { dynamic: boolean; properties: { document: { properties: Record<string, unknown> } } };
    const document = mappings.properties.document.properties;

    expect(mappings.dynamic).toBe(false);
    expect(document['customer']).toEqual({
      type: 'object',
      properties: {
        first_name: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 256 } } },
        last_name: { type: 'text' },
      },
    });
    expect(document).toMatchObject({ status: { type: 'keyword' }, mileage: { type: 'double' }, attempt_count: { type: 'long' }, dispatch_at: { type: 'date' } });
  });
});

describe('Elasticsearch query DSL', () => {
  it('carries hostile text only as values of typed clauses, never as query_string syntax', () => {
    const text = `sally') OR 1=1 -- "a \\" b" status:pending* || NOT x`;
    const body = searchBodyOf(definition, planSearchQuery(definition, { text }), 'exact');
    const json = JSON.stringify(body);

    expect(json).not.toMatch(/query_string|simple_query_string|script|regexp|wildcard/);
    expect(json).toContain('{"term":{"document.status":"pending*"}}');
    expect(body['sort']).toEqual([{ _score: { order: 'desc' } }, { id: { order: 'asc' } }]);
  });

  it('puts filters and ranges in filter context, facets in terms aggregations ordered like the embedded index', () => {
    const plan = planSearchQuery(definition, { filters: { status: ['pending'] }, ranges: { mileage: { gte: 3 } }, facets: ['details.to_city'] });
    const body = searchBodyOf(definition, plan, 'exact') as { query: { bool: { filter: unknown[] } }; aggs: Record<string, unknown> };

    expect(body.query.bool.filter).toEqual([{ terms: { 'document.status': ['pending'] } }, { range: { 'document.mileage': { gte: 3 } } }]);
    expect(body.aggs).toEqual({
      f0: { terms: { field: 'document.details.to_city', size: 20, order: [{ _count: 'desc' }, { _key: 'asc' }] } },
    });
  });
});

describe('Elasticsearch bulk', () => {
  const operations: BulkOperation[] = [
    { op: 'upsert', id: 'a', version: 3, document: { mileage: 1 } },
    { op: 'upsert', id: 'bad', version: 3, document: { mileage: 'far' } },
    { op: 'delete', id: 'b', version: 4 },
    { op: 'upsert', id: 'c', version: 1, document: {} },
    { op: 'upsert', id: 'd', version: 1, document: {} },
  ];

  it('sends external_gte versions and leaves invalid documents out of the request', () => {
    const { body } = bulkRequestOf('deliveries__1', definition, operations);

    expect(body[0]).toEqual({ index: { _index: 'deliveries__1', _id: 'a', version: 3, version_type: 'external_gte' } });
    expect(body[1]).toEqual({ id: 'a', document: { mileage: 1 } });
    expect(body[2]).toEqual({ delete: { _index: 'deliveries__1', _id: 'b', version: 4, version_type: 'external_gte' } });
    expect(body).toHaveLength(7);
  });

  it('maps each response item back to its operation: 409 is stale, a delete of a missing document is applied', () => {
    const { results } = bulkRequestOf('deliveries__1', definition, operations);
    const mapped = bulkResultsOf(operations, results, [
      { status: 201 },
      { status: 404 },
      { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'old' } },
      { status: 400, error: { type: 'document_parsing_exception', reason: 'bad field' } },
    ]);

    expect(mapped.map((result) => result.status)).toEqual(['applied', 'error', 'applied', 'stale', 'error']);
    expect(mapped[4].error).toBe('document_parsing_exception: bad field');
  });
});

describe('Elasticsearch failure classification', () => {
  const operations: BulkOperation[] = [
    { op: 'upsert', id: 'a', version: 1, document: {} },
    { op: 'upsert', id: 'b', version: 1, document: {} },
  ];
  const responseError = (statusCode: number) =>
    new errors.ResponseError({ body: { error: { type: 'x', reason: 'y' } }, statusCode, headers: {}, warnings: null, meta: {} as never });

  it.each([429, 500, 503])('fails the whole bulk as unavailable when an item comes back %i (nothing to dead-letter)', (status) => {
    const { results } = bulkRequestOf('deliveries__1', definition, operations);
    const items = [{ status: 400, error: { type: 'document_parsing_exception', reason: 'bad' } }, { status, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } }];

    expect(() => bulkResultsOf(operations, results, items)).toThrow(SearchStoreUnavailableError);
    expect(() => bulkResultsOf(operations, results, items)).toThrow(/es_rejected_execution_exception/);
  });

  it('keeps a 400 item (mapping or parsing) as that document\'s own error', () => {
    const { results } = bulkRequestOf('deliveries__1', definition, operations);
    const mapped = bulkResultsOf(operations, results, [{ status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } }, { status: 200 }]);

    expect(mapped.map((result) => result.status)).toEqual(['error', 'applied']);
  });

  it.each([
    ['a 429 response', responseError(429), '429'],
    ['a 503 response', responseError(503), '503'],
    ['a 404 (index gone)', responseError(404), '404'],
    ['a refused connection', new errors.ConnectionError('connect ECONNREFUSED'), 'ConnectionError'],
    ['a timeout', new errors.TimeoutError('Request timed out'), 'TimeoutError'],
    ['no living node', new errors.NoLivingConnectionsError('none', {} as never), 'NoLivingConnectionsError'],
  ])('treats %s thrown by the client as the store being unavailable', (_what, error, code) => {
    const classified = asStoreUnavailable(error);

    expect(classified).toBeInstanceOf(SearchStoreUnavailableError);
    expect(classified).toMatchObject({ code, retryable: true, cause: error });
  });

  it('leaves a 400 for the whole request and unknown errors as they are', () => {
    const badRequest = responseError(400);
    const other = new TypeError('bug');

    expect(asStoreUnavailable(badRequest)).toBe(badRequest);
    expect(asStoreUnavailable(other)).toBe(other);
  });
});
