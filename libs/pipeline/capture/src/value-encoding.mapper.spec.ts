import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNAVAILABLE_VALUE } from '@dsm/contracts';
import { encodeValue, TYPE_OID } from './value-encoding.mapper';

const column = (typeOid: number, typeMod = -1) => ({ name: 'c', typeOid, typeMod });
const NUMERIC = 1700;
const JSONB = 3802;
const UUID = 2950;

describe('encodeValue (Debezium encodings of PostgreSQL text output)', () => {
  it('writes timestamptz as a UTC ZonedTimestamp padded to the column precision', () => {
    expect(encodeValue(column(TYPE_OID.timestamptz), '2024-05-01 10:30:00.12+02')).toBe('2024-05-01T08:30:00.120000Z');
    expect(encodeValue(column(TYPE_OID.timestamptz), '2024-05-01 00:15:00-05:30')).toBe('2024-05-01T05:45:00.000000Z');
    expect(encodeValue(column(TYPE_OID.timestamptz, 0), '2024-05-01 10:30:00+00')).toBe('2024-05-01T10:30:00Z');
  });

  it('encodes UTC text (what the capture sessions read) as any other offset of the same instant', () => {
    const pgText = (instant: Date, micros: string, offsetMinutes: number) => {
      const wall = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString();
      const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
      return `${wall.slice(0, 10)} ${wall.slice(11, 19)}${micros ? `.${micros}` : ''}${offset}`;
    };
    const instant = fc.date({ min: new Date('1000-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
    const micros = fc.stringMatching(/^(\d{1,6})?$/);
    fc.assert(fc.property(instant, micros, fc.integer({ min: -720, max: 840 }), fc.integer({ min: 0, max: 6 }), (at, fraction, offset, precision) => {
      const utc = encodeValue(column(TYPE_OID.timestamptz, precision), pgText(at, fraction, 0).replace('+00:00', '+00'));
      expect(utc).toBe(encodeValue(column(TYPE_OID.timestamptz, precision), pgText(at, fraction, offset)));
      expect(utc).toBe(`${at.toISOString().slice(0, 19)}${precision ? `.${fraction.padEnd(6, '0').slice(0, precision)}` : ''}Z`);
    }));
  });

  it('writes date as days since the epoch and timestamp as MicroTimestamp', () => {
    expect(encodeValue(column(TYPE_OID.date), '1970-01-02')).toBe(1);
    expect(encodeValue(column(TYPE_OID.date), '2024-05-01')).toBe(19844);
    expect(encodeValue(column(TYPE_OID.timestamp), '1970-01-01 00:00:01.5')).toBe(1_500_000);
    expect(encodeValue(column(TYPE_OID.timestamp, 3), '1970-01-01 00:00:01.5')).toBe(1_500);
    expect(encodeValue(column(TYPE_OID.time), '01:00:00.000001')).toBe(3_600_000_001);
  });

  it('keeps numeric as a string (decimal.handling.mode=string), json and uuid as text', () => {
    expect(encodeValue(column(NUMERIC), '12.50')).toBe('12.50');
    expect(encodeValue(column(JSONB), '{"a": 1}')).toBe('{"a": 1}');
    expect(encodeValue(column(UUID), '6f1c0c9e-0000-4000-8000-000000000000')).toBe('6f1c0c9e-0000-4000-8000-000000000000');
  });

  it('writes integers and booleans as JSON numbers and booleans', () => {
    expect(encodeValue(column(TYPE_OID.int8), '9007199254740991')).toBe(9007199254740991);
    expect(encodeValue(column(TYPE_OID.int4), '-3')).toBe(-3);
    expect(encodeValue(column(TYPE_OID.bool), 't')).toBe(true);
    expect(encodeValue(column(TYPE_OID.float8), 'NaN')).toBe('NaN');
  });

  it('distinguishes SQL null from an unchanged TOAST value it could not fill', () => {
    expect(encodeValue(column(25), null)).toBeNull();
    expect(encodeValue(column(25), undefined)).toBe(UNAVAILABLE_VALUE);
  });
});
