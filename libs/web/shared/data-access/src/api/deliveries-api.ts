import { Injectable } from '@angular/core';
import {
  type Delivery,
  type DeliveryInput,
  type DeliveryPatch,
  DeliverySchema,
  type StateChangeInput,
  type WriteResult,
  WriteResultSchema,
} from '@dsm/contracts';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { RecordsApi } from './records-api';

/** Attempts and state changes answer with whatever row they wrote; the screen reloads the delivery. */
const AnyWriteSchema = WriteResultSchema(z.unknown());

@Injectable({ providedIn: 'root' })
export class DeliveriesApi extends RecordsApi<Delivery, DeliveryInput, DeliveryPatch> {
  protected readonly path = 'deliveries';
  protected readonly schema = DeliverySchema;

  async startAttempt(deliveryId: number): Promise<WriteResult<unknown>> {
    const body = await firstValueFrom(this.http.post(`${this.url}/${deliveryId}/attempts`, {}));
    return AnyWriteSchema.parse(body);
  }

  async recordState(deliveryId: number, attempt: number, change: StateChangeInput): Promise<WriteResult<unknown>> {
    const url = `${this.url}/${deliveryId}/attempts/${attempt}/state-changes`;
    return AnyWriteSchema.parse(await firstValueFrom(this.http.post(url, change)));
  }
}
