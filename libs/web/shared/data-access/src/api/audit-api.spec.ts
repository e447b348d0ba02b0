import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditApi } from './audit-api';

const event = (id: string, type: string, payload: Record<string, unknown>) => ({
  id, aggregate_type: 'delivery', aggregate_id: '9', type, payload, created_at: '2026-11-22T10:00:00Z', tx: null,
});

describe('AuditApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  it('asks for the delivery aggregate and keeps only its state changes, as from → to with the actor', async () => {
    const changes = TestBed.inject(AuditApi).statusChanges(9);
    const request = http.expectOne((candidate) => candidate.url === '/api/audit/events');
    expect(request.request.params.get('aggregateId')).toBe('9');
    expect(request.request.params.get('aggregateType')).toBe('delivery');
    request.flush({
      items: [
        event('7c1e2f44-1d5e-4a53-9b8e-2f6c1a1b0c01', 'delivery.status_changed', {
          delivery_id: 9, order_id: 3, attempt: 1, from: 'created', to: 'dispatched', reason: null, recorded_by: 'ada@example.com',
        }),
        event('7c1e2f44-1d5e-4a53-9b8e-2f6c1a1b0c02', 'delivery.created', { id: 9 }),
      ],
      total: 2,
    });

    expect(await changes).toEqual([
      { id: '7c1e2f44-1d5e-4a53-9b8e-2f6c1a1b0c01', at: '2026-11-22T10:00:00Z', attempt: 1, from: 'created', to: 'dispatched', actor: 'ada@example.com', reason: null },
    ]);
  });

  it('fails loudly when a state change in the index does not have the contract shape', async () => {
    const changes = TestBed.inject(AuditApi).statusChanges(9);
    http.expectOne((candidate) => candidate.url === '/api/audit/events').flush({
      items: [event('7c1e2f44-1d5e-4a53-9b8e-2f6c1a1b0c03', 'delivery.status_changed', { to: 'dispatched' })],
      total: 1,
    });

    await expect(changes).rejects.toThrow();
  });
});
