import fc from 'fast-check';
import { z } from 'zod';

/** Strings that have broken parsers, SQL, HTML and JSON handling elsewhere. */
export const INJECTIONS = [
  "'; drop table deliveries; --", "1' or '1'='1", '" or ""="', '\\', '\\u0000', '\u0000', '%00', '%', '%zz', '${7*7}', '{{7*7}}',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '../../etc/passwd', '__proto__', 'constructor', 'NaN', 'Infinity',
  '-0', '1e309', '9'.repeat(400), '\u202e\u0645\u0631\u062d\u0628\u0627', '🚚'.repeat(64), 'Z̴̢̛̯a̸l̷g̵o̶', '\ud800', '\uffff', 'customer.first_name:', '"',
  'a:b:c', '*', '\t\r\n', 'SELECT pg_sleep(10)', 'a'.repeat(10_000),
];

/** One hostile scalar: injection text, unicode-heavy or oversized strings, odd numbers, wrong types. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308)),
  fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }, { toString: 'x' }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
);

/** The field names a zod object schema declares (through optional/pipe/refine wrappers). */
export function fieldsOf(schema: z.ZodType | undefined): string[] {
  let current: unknown = schema;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof z.ZodObject) return Object.keys(current.shape);
    const def = (current as { def?: { innerType?: unknown; in?: unknown; schema?: unknown; left?: unknown } }).def;
    current = def?.innerType ?? def?.in ?? def?.schema ?? def?.left;
  }
  return [];
}

/**
 * Bodies guided by a schema: its own field names (so validation is reached field by field) with
 * hostile values, sometimes with extra keys, plus whole bodies of the wrong shape.
 */
export function hostileBody(schema: z.ZodType | undefined): fc.Arbitrary<unknown> {
  const fields = fieldsOf(schema);
  const known = fields.length > 0
    ? fc.dictionary(fc.constantFrom(...fields), hostileValue, { minKeys: 1, maxKeys: fields.length })
    : fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 4 });
  const withExtras = fc.tuple(known, fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'id', 'created_at', 'role', 'password_hash', 'txId'), hostileValue, { maxKeys: 2 }))
    .map(([body, extras]) => ({ ...extras, ...body }));
  return fc.oneof(known, withExtras, fc.jsonValue({ maxDepth: 3 }), fc.array(hostileValue, { maxLength: 3 }));
}

/** A query string of the given parameters (and stray ones), each hostile, single or repeated. */
export function hostileQuery(params: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...params), fc.constantFrom('q[]', 'status[$ne]', '__proto__', 'size', 'x'));
  const value = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.integer().map(String));
  return fc.array(fc.tuple(name, value), { maxLength: 6 }).map((pairs) => {
    const query = new URLSearchParams();
    for (const [key, item] of pairs) query.append(key, item);
    return query.toString();
  });
}

/** Raw query text that need not be valid percent-encoding. */
export const rawQuery: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('q=', '%', '%2', '%zz', '%00', '&', '=', '[]', 'status', 'size=1e9', 'page=-1', '+', '%E2%80%AE', 'sort=-', '%ff%fe'), { maxLength: 8 })
  .map((parts) => parts.join(''));
