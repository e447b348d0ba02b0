import type { FieldDefinition, IndexDefinition } from '../search.port';

type Mapping = Record<string, unknown>;

/** Documents are stored as `{ id, document }` so no document field can collide with ours. */
export const fieldPath = (field: FieldDefinition) => `document.${field.path}`;

/** The keyword to sort on: text fields get a `raw` keyword subfield when sortable. */
export const sortPath = (field: FieldDefinition) => (field.type === 'text' ? `${fieldPath(field)}.raw` : fieldPath(field));

// Relative weights in the spirit of PostgreSQL's ts_rank defaults (A 1.0, B 0.4, C 0.2, D 0.1).
const BOOST = { A: 10, B: 4, C: 2, D: 1 };
/** A weighted keyword field is matched by free text through its analysed `text` subfield. */
export const boostedPath = (field: FieldDefinition) =>
  `${fieldPath(field)}${field.type === 'keyword' ? '.text' : ''}^${BOOST[field.weight ?? 'D']}`;

function propertyOf(field: FieldDefinition): Mapping {
  switch (field.type) {
    case 'text':
      // The standard analyzer (lowercase, no stemming) behaves like PostgreSQL's 'simple' config.
      return field.sortable ? { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 256 } } } : { type: 'text' };
    case 'keyword':
      return field.weight ? { type: 'keyword', fields: { text: { type: 'text' } } } : { type: 'keyword' };
    case 'integer':
      return { type: 'long' };
    case 'float':
      return { type: 'double' };
    default:
      return { type: field.type };
  }
}

/**
 * Explicit mappings from the definition. Undeclared document fields stay in `_source` but are not
 * indexed (`dynamic: false`), so a new field never changes the mapping behind our back. The
 * definition itself rides along in `_meta` so any process can plan queries for the index.
 */
export function mappingsOf(definition: IndexDefinition): Mapping {
  const root: Mapping = {};
  for (const field of definition.fields) {
    const parts = field.path.split('.');
    let properties = root;
    for (const part of parts.slice(0, -1)) {
      const object = (properties[part] ??= { type: 'object', properties: {} }) as { properties: Mapping };
      properties = object.properties;
    }
    properties[parts[parts.length - 1]] = propertyOf(field);
  }
  return {
    dynamic: false,
    _meta: { definition },
    properties: { id: { type: 'keyword' }, document: { type: 'object', dynamic: false, properties: root } },
  };
}

export const INDEX_SETTINGS = { number_of_shards: 1, refresh_interval: '200ms' };
