import type { AggregateDeclaration } from '@dsm/contracts';
import { planAggregate, type PlannedNode } from './aggregate-plan';

/** A row change as the view stage sees it: the entity and every image it has (before and after). */
export interface RowChange {
  table: string;
  rows: Record<string, unknown>[];
}

/** What a batch touches in one aggregate: root ids known directly, and node ids still to resolve. */
export interface Touched {
  rootIds: Set<string>;
  nodeIds: Map<string, number[]>;
}

/**
 * Decides which rows identify the affected roots, without reading the database: a root row is
 * its own root; a child row names its parent through its foreign key (present in the before
 * image of a delete too); a looked-up row (customer, product) is resolved by a path query.
 * Both images count, so moving an item from one order to another touches both orders.
 */
export function collectTouched(aggregate: AggregateDeclaration, changes: RowChange[]): Touched {
  const plan = planAggregate(aggregate);
  const rootIds = new Set<string>();
  const nodeIds = new Map<string, Set<number>>();
  const addNode = (node: PlannedNode, id: unknown) => {
    const value = Number(id);
    if (!Number.isSafeInteger(value)) return;
    if (!node.relation) rootIds.add(String(value));
    else nodeIds.set(node.path, (nodeIds.get(node.path) ?? new Set()).add(value));
  };
  for (const change of changes) {
    for (const node of plan.filter((candidate) => candidate.node.table === change.table)) {
      for (const row of change.rows) {
        if (node.relation?.kind === 'child' && node.joinParent) addNode(node.joinParent, row[node.relation.key]);
        else addNode(node, row['id']);
      }
    }
  }
  return { rootIds, nodeIds: new Map([...nodeIds].map(([path, ids]) => [path, [...ids]])) };
}
