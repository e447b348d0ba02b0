import { describe, expect, it } from 'vitest';
import { lsnToNumber, numberToLsn, traceIdOf } from './change-event.schema';

describe('change event helpers', () => {
  it('reduces a Debezium transaction id to the PostgreSQL xid the API returns', () => {
    expect(traceIdOf('1015:34926496')).toBe('1015');
    expect(traceIdOf('1015')).toBe('1015');
  });

  it('converts LSNs both ways, beyond 32 bits', () => {
    expect(lsnToNumber('16/B374D848')).toBe(0x16 * 2 ** 32 + 0xb374d848);
    expect(numberToLsn(lsnToNumber('16/B374D848'))).toBe('16/B374D848');
  });
});
