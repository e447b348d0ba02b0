import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FULL_DELIVERY, FULL_ORDER, FullDeliverySchema, FullOrderSchema, aggregateFieldPaths, aggregateTables } from '@dsm/contracts';

/** Leaf paths of a document schema, through nullable wrappers and arrays. */
function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) return schemaPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodArray) return schemaPaths(schema.element as z.ZodType, prefix);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) => schemaPaths(child, `${prefix}${key}.`));
  }
  return [prefix.slice(0, -1)];
}

describe('aggregate declarations', () => {
  it.each([
    ['full_delivery', FULL_DELIVERY, FullDeliverySchema],
    ['full_order', FULL_ORDER, FullOrderSchema],
  ] as const)('%s: the document schema has exactly the declared fields plus its version', (_name, aggregate, schema) => {
    expect(schemaPaths(schema).sort()).toEqual([...aggregateFieldPaths(aggregate), 'version'].sort());
  });

  it('lists every table an aggregate reads', () => {
    expect(aggregateTables(FULL_DELIVERY).sort()).toEqual(
      ['attempts', 'customers', 'deliveries', 'delivery_details', 'order_items', 'orders', 'organizations', 'products', 'state_changes'].sort(),
    );
    expect(aggregateTables(FULL_ORDER)).not.toContain('attempts');
  });
});
