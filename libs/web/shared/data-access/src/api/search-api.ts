import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { toHttpParams } from './records-api';

export const SearchHitSchema = z.object({
  id: z.coerce.string(),
  score: z.number(),
  version: z.number(),
  document: z.record(z.string(), z.unknown()),
});
export const FacetBucketSchema = z.object({ value: z.coerce.string(), count: z.number() });
export const SearchResponseSchema = z.object({
  hits: z.array(SearchHitSchema),
  total: z.number(),
  facets: z.record(z.string(), z.array(FacetBucketSchema)).default({}),
  tookMs: z.number().optional(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;
export type FacetBucket = z.infer<typeof FacetBucketSchema>;
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** The query string of `/api/search/deliveries`; empty values are not sent. */
export interface DeliverySearchParams {
  q?: string;
  status?: string;
  city?: string;
  priority?: string;
  type?: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: number;
  size?: number;
}

/** The search index, read through the API (documents joined by the pipeline's view stage). */
@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);

  async deliveries(params: DeliverySearchParams): Promise<SearchResponse> {
    return this.search('deliveries', params);
  }

  async orders(params: DeliverySearchParams): Promise<SearchResponse> {
    return this.search('orders', params);
  }

  private async search(index: string, params: DeliverySearchParams): Promise<SearchResponse> {
    const body = await firstValueFrom(this.http.get(`/api/search/${index}`, { params: toHttpParams({ ...params }) }));
    return SearchResponseSchema.parse(body);
  }
}
