import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type NotificationLogEntry, NotificationLogEntrySchema } from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { toHttpParams } from './records-api';

const NotificationPageSchema = z.object({ items: z.array(NotificationLogEntrySchema) });

/** The notification log (`GET /api/notifications`): the e-mails sent about an order or delivery. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  /** Newest first. */
  async list(about: { orderId: number } | { deliveryId: number }): Promise<NotificationLogEntry[]> {
    const params = toHttpParams(about);
    return NotificationPageSchema.parse(await firstValueFrom(this.http.get('/api/notifications', { params }))).items;
  }
}
