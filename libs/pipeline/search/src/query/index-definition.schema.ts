import { z } from 'zod';
import type { FieldDefinition, IndexDefinition } from '../search.port';

/** Lowercase, starts with a letter: valid as an Elasticsearch index and (quoted) as a table name. */
export const IndexNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Index names are lowercase letters, digits and "-", starting with a letter (max 40).');

/** Physical names add a generation suffix to the logical name: `deliveries__3`. */
export const PhysicalIndexNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}__[0-9]{1,15}$/, 'Not a physical index name.');

// Paths become part of DDL and jsonpath text, so they are restricted to plain identifiers.
const FieldPathSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'Field paths are dotted identifiers, e.g. customer.first_name.');

const FieldDefinitionSchema = z.object({
  path: FieldPathSchema,
  type: z.enum(['text', 'keyword', 'integer', 'float', 'date', 'boolean']),
  weight: z.enum(['A', 'B', 'C', 'D']).optional(),
  fuzzy: z.boolean().optional(),
  facet: z.boolean().optional(),
  sortable: z.boolean().optional(),
});

export const IndexDefinitionSchema = z
  .object({ name: IndexNameSchema, fields: z.array(FieldDefinitionSchema).min(1).max(200) })
  .superRefine((definition, ctx) => {
    const paths = definition.fields.map((field) => field.path);
    const duplicate = paths.find((path, index) => paths.indexOf(path) !== index);
    if (duplicate) ctx.addIssue({ code: 'custom', path: ['fields'], message: `Field "${duplicate}" is declared twice.` });
    for (const field of definition.fields) {
      if (field.facet && field.type !== 'keyword') {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: `Facet field "${field.path}" must be a keyword field.` });
      }
    }
  });

export function parseIndexDefinition(definition: IndexDefinition): IndexDefinition {
  return IndexDefinitionSchema.parse(definition);
}

export function physicalIndexName(index: string, generation: number): string {
  return `${index}__${generation}`;
}

export function logicalIndexName(physicalIndex: string): string {
  return PhysicalIndexNameSchema.parse(physicalIndex).replace(/__[0-9]+$/, '');
}

/** Fields a free-text search matches: text fields, and keyword fields given a weight. */
export function freeTextFields(definition: IndexDefinition): FieldDefinition[] {
  return definition.fields.filter((field) => field.type === 'text' || (field.type === 'keyword' && field.weight !== undefined));
}

export function fuzzyFields(definition: IndexDefinition): FieldDefinition[] {
  return definition.fields.filter((field) => field.type === 'text' && field.fuzzy);
}
