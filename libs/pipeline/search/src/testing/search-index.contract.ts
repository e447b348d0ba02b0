import { afterAll, beforeAll, describe } from 'vitest';
import type { SearchIndex } from '../search.port';
import { reindexContract } from './contract-reindex';
import { searchContract } from './contract-search';
import { writeContract } from './contract-writes';

/**
 * The behaviour every SearchIndex adapter must show (run once per adapter). `makeIndex` builds a
 * connected adapter; the suite creates uniquely named indices, so a shared server is fine.
 */
export function describeSearchIndexContract(name: string, makeIndex: () => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    const current = () => index;

    beforeAll(async () => {
      index = await makeIndex();
    });
    afterAll(async () => {
      await index?.close();
    });

    describe('writes and versions', () => writeContract(current));
    describe('search', () => searchContract(current));
    describe('reindex and scan', () => reindexContract(current, makeIndex));
  });
}
