import type { AggregateDeclaration } from '@dsm/contracts';
import { planAggregate, type PlannedNode } from './aggregate-plan';

/** A row change as the view stage sees it: the entity and every image it has (before and after). */
export interface RowChange {
  table: string;
  rows: Record<string, unknown>[];
  /**
   * The columns an update changed (where its before and after images differ). Absent for an
   * insert, a delete or an update without its before image: then every column counts.
   */
  changed?: ReadonlySet<string>;
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
 * Both images count, so moving an item from one order to another touches both orders. An update
 * of none of the columns a node reads cannot change the document, so it touches nothing there (a
 * delivery's notes are not part of its order's document).
 */
export function collectTouched(aggregate: AggregateDeclaration, changes: RowChange[]): Touched {
  const plan = planAggregate(aggregate);
  const read = new Map(plan.map((planned) => [planned, columnsRead(plan, planned)]));
  const readsAny = (planned: PlannedNode, changed: ReadonlySet<string>) => [...changed].some((column) => read.get(planned)?.has(column));
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
      if (change.changed && !readsAny(node, change.changed)) continue;
      for (const row of change.rows) {
        if (node.relation?.kind === 'child' && node.joinParent) addNode(node.joinParent, row[node.relation.key]);
        else addNode(node, row['id']);
      }
    }
  }
  return { rootIds, nodeIds: new Map([...nodeIds].map(([path, ids]) => [path, [...ids]])) };
}

/**
 * The columns of a node's rows that its part of the document is built from (see document-sql):
 * the fields it copies, its id, the foreign key that joins it to its parent, the column its
 * list is ordered by, and the keys of the rows it looks up (its own and its `via` siblings').
 */
export function columnsRead(plan: PlannedNode[], planned: PlannedNode): Set<string> {
  const columns = new Set(['id', ...planned.node.fields]);
  if (planned.relation?.kind === 'child') columns.add(planned.relation.key);
  if (planned.relation?.many) columns.add(planned.relation.orderBy ?? 'id');
  for (const other of plan) if (other.joinParent === planned && other.relation?.kind === 'lookup') columns.add(other.relation.key);
  return columns;
}

/** Columns whose values differ between an update's after and before images. */
export function changedColumns(after: Record<string, unknown>, before: Record<string, unknown>): Set<string> {
  const changed = new Set<string>();
  for (const column of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const [a, b] = [after[column], before[column]];
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) changed.add(column);
  }
  return changed;
}
