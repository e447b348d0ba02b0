import type { AggregateDeclaration, Relation } from '@dsm/contracts';
import { joinCondition, planAggregate, quoteIdent, type PlannedNode } from './aggregate-plan';

/** Inner-join chain from the root down to `target`; the target's alias is returned with it. */
function pathJoins(target: PlannedNode): { joins: string[]; alias: string } {
  const chain: (PlannedNode & { relation: Relation })[] = [];
  for (let node: PlannedNode | null = target; node?.relation; node = node.joinParent) chain.unshift({ ...node, relation: node.relation });
  const aliases = new Map<string, string>();
  const joins = chain.map((node, index) => {
    const alias = `p${index + 1}`;
    aliases.set(node.path, alias);
    const parentAlias = node.joinParent?.relation ? aliases.get(node.joinParent.path) : 'r';
    return `join ${quoteIdent(node.node.table)} ${alias} on ${joinCondition(node.relation, alias, parentAlias ?? 'r')}`;
  });
  return { joins, alias: chain.length ? `p${chain.length}` : 'r' };
}

/**
 * One query answering "which roots contain any of these rows": a union of one path query per
 * node that has ids to resolve. `ids` maps node paths to the ids of that node's rows.
 */
export function buildRootsSql(aggregate: AggregateDeclaration, ids: Map<string, number[]>): { text: string; values: number[][] } {
  const nodes = new Map(planAggregate(aggregate).map((node) => [node.path, node]));
  const parts: string[] = [];
  const values: number[][] = [];
  for (const [path, nodeIds] of ids) {
    const node = nodes.get(path);
    if (!node || !nodeIds.length) continue;
    const { joins, alias } = pathJoins(node);
    values.push(nodeIds);
    parts.push(`select r.id from ${quoteIdent(aggregate.root.table)} r ${joins.join(' ')} where ${alias}.id = any($${values.length}::bigint[])`);
  }
  return { text: parts.length ? `select distinct id::text as id from (${parts.join(' union ')}) roots` : '', values };
}
