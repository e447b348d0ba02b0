import { HttpClient, HttpParams } from '@angular/common/http';
import { inject } from '@angular/core';
import { type Page, type WriteResult, WriteResultSchema, pageOf } from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';
import type { z } from 'zod';

/** Paging, free text, sort (`name` / `-name`) and any list-specific filters. */
export type ListParams = Record<string, string | number | undefined>;

/**
 * A typed client for one REST collection (`/api/<path>`). Every response is parsed with the
 * collection's contract schema, so a server that drifts from the contract fails loudly here
 * instead of rendering half-empty rows.
 */
export abstract class RecordsApi<T, Input, Patch = Partial<Input>> {
  protected readonly http = inject(HttpClient);
  protected abstract readonly path: string;
  protected abstract readonly schema: z.ZodType<T>;

  protected get url(): string {
    return `/api/${this.path}`;
  }

  async list(params: ListParams = {}): Promise<Page<T>> {
    const body = await firstValueFrom(this.http.get(this.url, { params: toHttpParams(params) }));
    return pageOf(this.schema).parse(body) as Page<T>;
  }

  async get(id: number): Promise<T> {
    return this.schema.parse(await firstValueFrom(this.http.get(`${this.url}/${id}`)));
  }

  async create(input: Input): Promise<WriteResult<T>> {
    return this.parseWrite(await firstValueFrom(this.http.post(this.url, input)));
  }

  async update(id: number, patch: Patch): Promise<WriteResult<T>> {
    return this.parseWrite(await firstValueFrom(this.http.patch(`${this.url}/${id}`, patch)));
  }

  protected parseWrite(body: unknown): WriteResult<T> {
    return WriteResultSchema(this.schema).parse(body) as WriteResult<T>;
  }
}

/** Drops empty values so `?q=` never reaches a strict server-side query schema. */
export function toHttpParams(params: ListParams): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') result = result.set(key, String(value));
  }
  return result;
}
