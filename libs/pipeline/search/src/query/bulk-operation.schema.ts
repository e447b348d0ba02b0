import { z } from 'zod';
import type { BulkOperation, IndexDefinition } from '../search.port';
import { isNumeric, normaliseIsoDate } from './field-value';

const common = {
  id: z.string().min(1).max(512),
  // The source LSN: a non-negative integer that JSON and both engines carry exactly.
  version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

export const BulkOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), ...common, document: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('delete'), ...common }),
]);

/** Why this operation cannot be stored, or null when it can (typed fields hold their type). */
export function invalidOperation(definition: IndexDefinition, operation: BulkOperation): string | null {
  const parsed = BulkOperationSchema.safeParse(operation);
  if (!parsed.success) return z.prettifyError(parsed.error);
  if (parsed.data.op === 'delete') return null;
  for (const field of definition.fields) {
    const value = valueAt(parsed.data.document, field.path);
    if (value === undefined || value === null) continue;
    const problem = invalidValue(field.type, value);
    if (problem) return `Field "${field.path}" ${problem}.`;
  }
  return null;
}

function invalidValue(type: string, value: unknown): string | null {
  switch (type) {
    case 'integer':
    case 'float':
      return isNumeric(value) ? null : `must be a number, got ${JSON.stringify(value).slice(0, 40)}`;
    case 'date':
      return typeof value === 'string' && normaliseIsoDate(value) ? null : 'must be an ISO 8601 date';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'keyword':
      return typeof value === 'object' ? 'must be a single value' : null;
    default:
      return null;
  }
}

function valueAt(document: Record<string, unknown>, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
