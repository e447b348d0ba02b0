import { describe } from 'vitest';
import { describeSearchIndexContract } from '../testing';
import { createElasticsearchIndex } from './elasticsearch-search.adapter';

const node = process.env['ELASTICSEARCH_URL'];

// Runs against a real Elasticsearch when ELASTICSEARCH_URL is set (`npm run test:contracts`).
describe.skipIf(!node)('Elasticsearch adapter', () => {
  describeSearchIndexContract('Elasticsearch', async () => createElasticsearchIndex({ node: node as string }));
});
