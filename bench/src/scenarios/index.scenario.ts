import { FULL_DELIVERY } from '@dsm/contracts';
import { createViewRepository, reindex } from '@dsm/stages';
import type { SearchQuery } from '@dsm/search';
import type { BenchContext } from '../bench.context';
import { percentiles, round, type Percentiles } from '../report/histogram';

export interface ReindexFigures {
  documents: number;
  docsPerSecond: number;
  /** Reference: reading the same documents from PostgreSQL alone (the view's consistent read). */
  referenceReadDocsPerSecond: number;
  ratio: number;
}

export interface SearchFigures {
  documents: number;
  freeText: Percentiles;
  fieldQuery: Percentiles;
  facetedFilter: Percentiles;
  /** Reference: `select 1` on the same server, same moment. */
  referenceRoundTrip: Percentiles;
}

export interface ProgressHooks {
  onStart: (total: number) => void;
  onProgress: (done: number) => void;
}

export async function measureReindex(context: BenchContext, hooks: ProgressHooks): Promise<ReindexFigures> {
  const repository = createViewRepository(context.stack.domainUrl);
  try {
    const readStart = performance.now();
    let read = 0;
    for (let after = 0; ; ) {
      const page = await repository.page(FULL_DELIVERY, after, 500);
      if (!page.length) break;
      read += page.length;
      after = Number(page[page.length - 1].id);
    }
    const readRate = read / ((performance.now() - readStart) / 1000);
    const start = performance.now();
    const result = await reindex({ repository, search: context.search, log: context.log, prefix: context.prefix }, 'deliveries', { pageSize: 500, ...hooks });
    const rate = result.documents / ((performance.now() - start) / 1000);
    return { documents: result.documents, docsPerSecond: round(rate, 0), referenceReadDocsPerSecond: round(readRate, 0), ratio: round(rate / readRate, 3) };
  } finally {
    await repository.close();
  }
}

const CITIES = ['Springfield', 'Shelbyville', 'Ogdenville', 'North Haverbrook', 'Capital City'];
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/** The three query shapes the UI sends, each timed `iterations` times. */
export async function measureSearch(context: BenchContext, iterations: number, onProgress: (done: number) => void): Promise<SearchFigures> {
  const shapes: Record<'freeText' | 'fieldQuery' | 'facetedFilter', () => SearchQuery> = {
    freeText: () => ({ text: `evergreen ${Math.floor(Math.random() * 700)}`, size: 25 }),
    fieldQuery: () => ({ text: `details.to_contact_name:"Contact ${Math.floor(Math.random() * 1000)}"`, size: 25 }),
    facetedFilter: () => ({ filters: { status: [pick(['created', 'dispatched', 'in_transit'])], 'details.to_city': [pick(CITIES)] }, size: 25 }),
  };
  const timings = { freeText: [] as number[], fieldQuery: [] as number[], facetedFilter: [] as number[], roundTrip: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    for (const [name, query] of Object.entries(shapes) as [keyof typeof shapes, () => SearchQuery][]) {
      const started = performance.now();
      await context.search.search('deliveries', query());
      timings[name].push(performance.now() - started);
    }
    const started = performance.now();
    await context.pool.query('select 1');
    timings.roundTrip.push(performance.now() - started);
    onProgress(i + 1);
  }
  return {
    documents: await context.search.count('deliveries'),
    freeText: percentiles(timings.freeText), fieldQuery: percentiles(timings.fieldQuery),
    facetedFilter: percentiles(timings.facetedFilter), referenceRoundTrip: percentiles(timings.roundTrip),
  };
}
