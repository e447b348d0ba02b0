import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { DeliveryEventSchema, DeliveryStatusChangedSchema } from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { toHttpParams } from './records-api';

const AuditPageSchema = z.object({ items: z.array(DeliveryEventSchema), total: z.number() });

/** One recorded step of a delivery, as the audit index keeps it. */
export interface StatusChangeEntry {
  id: string;
  at: string;
  attempt: number;
  from: string;
  to: string;
  actor: string | null;
  reason: string | null;
}

/**
 * The audit index (`GET /api/audit/events`): every outbox event the API wrote, carried there by
 * the pipeline, so it trails the database by the pipeline's latency.
 */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** A delivery's state changes, newest first; events of other kinds are left out. */
  async statusChanges(deliveryId: number): Promise<StatusChangeEntry[]> {
    const params = toHttpParams({ aggregateId: deliveryId, aggregateType: 'delivery', size: 100 });
    const page = AuditPageSchema.parse(await firstValueFrom(this.http.get('/api/audit/events', { params })));
    return page.items.flatMap((event) => {
      if (event.type !== 'delivery.status_changed') return [];
      const change = DeliveryStatusChangedSchema.parse(event.payload);
      const { attempt, from, to, reason } = change;
      return [{ id: event.id, at: event.created_at, attempt, from, to, actor: change.recorded_by, reason }];
    });
  }
}
