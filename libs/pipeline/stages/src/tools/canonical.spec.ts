import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical';

/** The straightforward form (entries sorted, mapped and joined per object) the fast one must equal. */
const reference = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const reversedKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversedKeys(item)]));
  }
  return value;
};

describe('canonical JSON', () => {
  it('writes every object with its keys sorted', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    }), { numRuns: 500 });
  });

  it('does not depend on key order, and the hash ignores only the top-level version', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (document) => {
      expect(canonicalJson(reversedKeys(document))).toBe(canonicalJson(document));
      expect(contentHash({ ...document, version: 7 })).toBe(contentHash({ ...document, version: 8 }));
    }), { numRuns: 300 });
    expect(contentHash({ a: { version: 1 } })).not.toBe(contentHash({ a: { version: 2 } }));
    expect(contentHash({ a: 1, skipped: undefined })).toBe(contentHash({ a: 1 }));
  });
});
