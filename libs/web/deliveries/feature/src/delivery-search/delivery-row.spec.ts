import { describe, expect, it } from 'vitest';
import { toDeliveryRow } from './delivery-row';

describe('toDeliveryRow', () => {
  it('reads the joined delivery document of the search index', () => {
    const row = toDeliveryRow({
      id: '12',
      score: 1,
      version: 5,
      document: {
        id: 12,
        status: 'in_transit',
        delivery_type: 'express',
        dispatch_at: '2026-11-22T08:00:00Z',
        details: { from_city: 'Berlin', to_city: 'Hamburg' },
        order: { id: 3, po: 'PO-3', priority: 'high' },
        customer: { first_name: 'Ada', last_name: 'Lovelace' },
      },
    });

    expect(row).toEqual({
      id: '12', status: 'in_transit', type: 'express', po: 'PO-3', priority: 'high', customer: 'Ada Lovelace',
      fromCity: 'Berlin', toCity: 'Hamburg', dispatchAt: '2026-11-22T08:00:00Z',
    });
  });

  it('keeps going when parts of the document are missing', () => {
    const row = toDeliveryRow({ id: '9', score: 0, version: 1, document: { status: 'created', details: null, order: null } });

    expect(row).toMatchObject({ id: '9', status: 'created', po: '', customer: '', fromCity: '', dispatchAt: null });
  });
});
