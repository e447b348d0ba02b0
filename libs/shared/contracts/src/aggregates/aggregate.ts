import type { CapturedTable } from '../tables';

/**
 * An aggregate is declared once, as data: the root table, the columns copied into the document
 * and the relations that hang off it. The view stage generates its rebuild SQL and its
 * "which roots does this change touch" SQL from the declaration, and the ksqlDB drift test checks
 * the statements in ksql/ against it, so the three cannot disagree.
 */
export interface AggregateNode {
  table: CapturedTable;
  /** Columns copied into the document under their own names (`id` first by convention). */
  fields: readonly string[];
  /** Relations by property name, in document order. */
  relations?: Readonly<Record<string, Relation>>;
}

/**
 * How a related table joins its parent node.
 * - `lookup`: the parent holds the foreign key (`parent[key] = related.id`), one object or null.
 * - `child`: the related table holds the foreign key (`related[key] = parent.id`); `many` makes it
 *   an array ordered by `orderBy`, otherwise one object or null.
 * `via` names a sibling to-one relation whose row plays the parent, so a document can be flat
 * (a delivery's `customer` is found through its `order` but sits beside it).
 */
export interface Relation extends AggregateNode {
  kind: 'lookup' | 'child';
  key: string;
  many?: boolean;
  orderBy?: string;
  via?: string;
}

export interface AggregateDeclaration {
  /** Name of the view topic (`viewTopic(prefix, name)`) and of the ksqlDB output. */
  name: 'full_delivery' | 'full_order';
  /** Logical search index the documents go to. */
  index: string;
  root: AggregateNode;
}

/** Every table an aggregate reads, so the view stage knows which clean topics to follow. */
export function aggregateTables(aggregate: AggregateDeclaration): CapturedTable[] {
  const tables = new Set<CapturedTable>();
  const visit = (node: AggregateNode): void => {
    tables.add(node.table);
    Object.values(node.relations ?? {}).forEach(visit);
  };
  visit(aggregate.root);
  return [...tables];
}

/** Dotted paths of every document field (arrays contribute their element fields), for drift tests. */
export function aggregateFieldPaths(aggregate: AggregateDeclaration): string[] {
  const paths: string[] = [];
  const visit = (node: AggregateNode, prefix: string): void => {
    node.fields.forEach((field) => paths.push(prefix + field));
    Object.entries(node.relations ?? {}).forEach(([name, relation]) => visit(relation, `${prefix}${name}.`));
  };
  visit(aggregate.root, '');
  return paths;
}
