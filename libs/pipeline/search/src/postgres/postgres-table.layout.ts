import type { FieldDefinition, IndexDefinition } from '../search.port';
import { freeTextFields, fuzzyFields } from '../query/index-definition.schema';

/** Where a declared field lives in a physical index table (all generated from `document`). */
export interface FieldColumns {
  field: FieldDefinition;
  /** keyword/number/date/boolean: the typed value (filters, ranges, facets, sort). */
  value?: string;
  /**
   * text: an expression computing the field's own tsvector (for `field:value`). It is evaluated
   * only on the rows the tsv index found: storing it made every write a third slower.
   */
  vector?: string;
  /** sortable text: the raw string. */
  sortText?: string;
}

export interface TableLayout {
  definition: IndexDefinition;
  columns: Map<string, FieldColumns>;
  hasFuzzy: boolean;
}

export function layoutOf(definition: IndexDefinition): TableLayout {
  const columns = new Map<string, FieldColumns>();
  definition.fields.forEach((field, index) => {
    const slug = `${index}_${field.path.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`.slice(0, 40);
    if (field.type !== 'text') columns.set(field.path, { field, value: `v${slug}` });
    else columns.set(field.path, { field, vector: vectorOf(field), sortText: field.sortable ? `s${slug}` : undefined });
  });
  return { definition, columns, hasFuzzy: fuzzyFields(definition).length > 0 };
}

export function columnsOf(layout: TableLayout, field: FieldDefinition): FieldColumns {
  const columns = layout.columns.get(field.path);
  if (!columns) throw new Error(`Field "${field.path}" is not part of index "${layout.definition.name}".`);
  return columns;
}

/** `document #>> '{a,b}'`; paths are validated identifiers (IndexDefinitionSchema). */
export const scalarOf = (field: FieldDefinition) => `(document #>> '{${field.path.split('.').join(',')}}')`;

/** Every value on the path, through arrays (jsonpath lax mode unwraps them). */
const valuesOf = (field: FieldDefinition) =>
  `jsonb_path_query_array(document, '$.${field.path.split('.').map((part) => `"${part}"`).join('.')}')`;

export const vectorOf = (field: FieldDefinition) =>
  `jsonb_to_tsvector('simple'::regconfig, coalesce(${valuesOf(field)}, '[]'::jsonb), '["string","numeric"]'::jsonb)`;

const typedValueOf = (field: FieldDefinition): string => {
  switch (field.type) {
    case 'integer':
    case 'float':
      return `(${scalarOf(field)})::numeric`;
    case 'date':
      return `search.utc_timestamp(${scalarOf(field)})`;
    case 'boolean':
      return `(${scalarOf(field)})::boolean`;
    default:
      return scalarOf(field);
  }
};

const sqlType = { keyword: 'text collate "C"', integer: 'numeric', float: 'numeric', date: 'timestamptz', boolean: 'boolean', text: 'tsvector' };

/** The column list of a physical index table: stored generated columns keep reads cheap. */
export function columnDefinitions(layout: TableLayout): string[] {
  const texts = freeTextFields(layout.definition);
  const weighted = texts.map((field) => `setweight(${vectorOf(field)}, '${field.weight ?? 'D'}')`).join(' || ');
  const definitions = [
    'id text collate "C" primary key',
    'version bigint not null',
    'deleted boolean not null default false',
    'document jsonb',
    'updated_at timestamptz not null default now()',
    `tsv tsvector generated always as (${weighted || `''::tsvector`}) stored`,
  ];
  for (const { field, value, sortText } of layout.columns.values()) {
    if (value) definitions.push(`${value} ${sqlType[field.type]} generated always as (${typedValueOf(field)}) stored`);
    if (sortText) definitions.push(`${sortText} text collate "C" generated always as (${scalarOf(field)}) stored`);
  }
  if (layout.hasFuzzy) {
    const values = fuzzyFields(layout.definition).map((field) => `coalesce(${valuesOf(field)}::text, '')`);
    definitions.push(`fuzzy text generated always as (lower(${values.join(` || ' ' || `)})) stored`);
  }
  return definitions;
}

/** GIN for full text and trigrams; b-trees on every typed value (filters, ranges, facets, sort). */
export function indexDefinitions(layout: TableLayout): string[] {
  const indexes = ['using gin (tsv)'];
  if (layout.hasFuzzy) indexes.push('using gin (fuzzy gin_trgm_ops)');
  for (const { value, sortText } of layout.columns.values()) {
    if (value) indexes.push(`(${value})`);
    if (sortText) indexes.push(`(${sortText})`);
  }
  return indexes;
}
