import type { ConsumedRecord } from '@dsm/eventlog';
import { describe, expect, it } from 'vitest';
import { HEADER } from '../shared/headers';
import { toRowChange } from './view.mapper';

const clean = (op: string, value: Record<string, unknown>, before?: Record<string, unknown>): ConsumedRecord => ({
  topic: 'dsm.clean.deliveries', partition: 0, offset: '7', key: '{"id":5}', timestamp: 0,
  value: JSON.stringify(value),
  headers: { [HEADER.op]: op, [HEADER.table]: 'deliveries', ...(before ? { [HEADER.before]: JSON.stringify(before) } : {}) },
});

describe('toRowChange', () => {
  it('names the columns an update changed, comparing values, not references', () => {
    const before = { id: 5, order_id: 2, notes: 'fragile', dispatch_at: null, tags: ['a'] };
    const change = toRowChange('dsm', clean('u', { ...before, notes: 'leave at the door', tags: ['a'] }, before));
    expect(change.table).toBe('deliveries');
    expect(change.rows).toHaveLength(2);
    expect(change.changed).toEqual(new Set(['notes']));
  });

  it('leaves `changed` out when every column must count: an insert, a delete, an update without its before image', () => {
    const row = { id: 5, order_id: 2, notes: 'fragile' };
    expect(toRowChange('dsm', clean('c', row)).changed).toBeUndefined();
    expect(toRowChange('dsm', clean('u', row)).changed).toBeUndefined();
    const deleted = toRowChange('dsm', clean('d', { ...row, __deleted: true }, row));
    expect(deleted.changed).toBeUndefined();
    expect(deleted.rows[0]).toEqual(row);
  });
});
