import type { AggregateDeclaration, AggregateNode, Relation } from '@dsm/contracts';

/** One node of an aggregate with where it sits: its path, its join parent and how it joins. */
export interface PlannedNode {
  path: string;
  node: AggregateNode;
  /** Null for the root. */
  relation: Relation | null;
  /** The node this one joins to (the `via` sibling when given, else the enclosing node). */
  joinParent: PlannedNode | null;
}

/** Flattens a declaration into its nodes, resolving `via` to the sibling it names. */
export function planAggregate(aggregate: AggregateDeclaration): PlannedNode[] {
  const root: PlannedNode = { path: 'root', node: aggregate.root, relation: null, joinParent: null };
  const nodes: PlannedNode[] = [root];
  const visit = (parent: PlannedNode): void => {
    const siblings = new Map<string, PlannedNode>();
    for (const [name, relation] of Object.entries(parent.node.relations ?? {})) {
      const joinParent = relation.via ? siblings.get(relation.via) : parent;
      if (!joinParent) throw new Error(`${aggregate.name}: relation "${name}" is via "${relation.via}", which must be declared before it`);
      if (relation.via && (joinParent.relation?.many ?? false)) throw new Error(`${aggregate.name}: "${name}" cannot go via a to-many relation`);
      const planned: PlannedNode = { path: `${parent.path}.${name}`, node: relation, relation, joinParent };
      siblings.set(name, planned);
      nodes.push(planned);
      visit(planned);
    }
  };
  visit(root);
  return nodes;
}

/** SQL condition joining `alias` (this relation) to `parentAlias`. */
export function joinCondition(relation: Relation, alias: string, parentAlias: string): string {
  return relation.kind === 'lookup'
    ? `${alias}.id = ${parentAlias}.${quoteIdent(relation.key)}`
    : `${alias}.${quoteIdent(relation.key)} = ${parentAlias}.id`;
}

/** Identifiers come from the declaration, never from input; quoting still guards typos. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected identifier in aggregate declaration: ${name}`);
  return name;
}
