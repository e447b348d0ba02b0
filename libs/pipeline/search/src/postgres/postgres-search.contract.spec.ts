import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll } from 'vitest';
import { describeSearchIndexContract } from '../testing';
import { createPostgresSearchIndex } from './postgres-search.adapter';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('search_contract');
});
afterAll(async () => {
  await database?.drop();
});

describeSearchIndexContract('PostgreSQL', async () => createPostgresSearchIndex({ url: database.url }));
