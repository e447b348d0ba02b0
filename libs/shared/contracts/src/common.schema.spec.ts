import { describe, expect, it } from 'vitest';
import { parseRecordValue } from './common.schema';

describe('parseRecordValue', () => {
  it('reads JSON, and gives null for a tombstone and for text that is not JSON', () => {
    expect(parseRecordValue('{"stage":"index","batch":[1,2]}')).toEqual({ stage: 'index', batch: [1, 2] });
    expect(parseRecordValue('"text"')).toBe('text');
    expect(parseRecordValue(null)).toBeNull();
    expect(parseRecordValue('{"stage":')).toBeNull();
    expect(parseRecordValue('')).toBeNull();
  });
});
