import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type AlertThresholds, AlertThresholdsSchema, type AuditEntry, AuditEntrySchema, type Stage, type Trace, TraceSchema } from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { type DeadLetterEntry, DeadLetterListSchema } from './dead-letter-entry.schema';

const TraceListSchema = z.object({ items: z.array(TraceSchema) });
const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });
/** The audit panel shows the latest commands only; the server would send 50. */
const AUDIT_ENTRIES_SHOWN = 20;

/** The monitor's REST mirrors the socket does not carry: dead letters and lookup by entity key. */
@Injectable({ providedIn: 'root' })
export class PipelineApi {
  private readonly http = inject(HttpClient);

  async deadLetters(stage: Stage, includeHandled = false): Promise<DeadLetterEntry[]> {
    const body = await firstValueFrom(this.http.get(`/api/pipeline/dlq/${stage}`, { params: { handled: String(includeHandled) } }));
    return DeadLetterListSchema.parse(body).items;
  }

  /** Transactions the monitor still remembers that touched `entity` `key`, newest first. */
  async tracesOf(entity: string, key: string): Promise<Trace[]> {
    const body = await firstValueFrom(this.http.get('/api/pipeline/traces', { params: { entity, key } }));
    return TraceListSchema.parse(body).items.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The limits the server raises alerts at (configured on the server, shown on the banners). */
  async alertThresholds(): Promise<AlertThresholds> {
    return AlertThresholdsSchema.parse(await firstValueFrom(this.http.get('/api/pipeline/alert-thresholds')));
  }

  /** The latest operator commands, refused ones included. */
  async audit(): Promise<AuditEntry[]> {
    const body = await firstValueFrom(this.http.get('/api/pipeline/audit', { params: { limit: AUDIT_ENTRIES_SHOWN } }));
    return AuditListSchema.parse(body).items;
  }
}
