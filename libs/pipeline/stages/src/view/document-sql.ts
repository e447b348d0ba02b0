import type { AggregateDeclaration, AggregateNode } from '@dsm/contracts';
import { joinCondition, quoteIdent } from './aggregate-plan';

/**
 * Generates the one query that rebuilds documents of an aggregate: to-one relations are left
 * joins (so `via` siblings are in scope), to-many relations are correlated `json_agg` subqueries.
 * `where` (and `tail`) select the roots first, in a subquery (they refer to the root as `r`), e.g.
 * `r.id = any($1::bigint[])`; the joins then run on those roots only. Filtering after the joins let
 * a keyset page's `r.id > $1` miss the joined tables: the planner merge-joined delivery_details
 * from its first row up to the page, so a page in the middle of a million read half a million rows.
 */
export function buildDocumentSql(aggregate: AggregateDeclaration, where: string, tail = ''): string {
  let counter = 0;
  const nextAlias = () => `t${++counter}`;

  const objectOf = (node: AggregateNode, alias: string, joins: string[]): string => {
    const parts = node.fields.map((field) => `'${quoteIdent(field)}', ${alias}.${quoteIdent(field)}`);
    const siblings = new Map<string, string>();
    for (const [name, relation] of Object.entries(node.relations ?? {})) {
      const parentAlias = relation.via ? (siblings.get(relation.via) ?? alias) : alias;
      const relAlias = nextAlias();
      siblings.set(name, relAlias);
      if (!relation.many) {
        joins.push(`left join ${quoteIdent(relation.table)} ${relAlias} on ${joinCondition(relation, relAlias, parentAlias)}`);
        const inner = objectOf(relation, relAlias, joins);
        parts.push(`'${quoteIdent(name)}', case when ${relAlias}.id is null then null else ${inner} end`);
        continue;
      }
      const innerJoins: string[] = [];
      const inner = objectOf(relation, relAlias, innerJoins);
      const orderBy = `${relAlias}.${quoteIdent(relation.orderBy ?? 'id')}`;
      parts.push(
        `'${quoteIdent(name)}', coalesce((select json_agg(${inner} order by ${orderBy}) from ${quoteIdent(relation.table)} ${relAlias} ` +
          `${innerJoins.join(' ')} where ${joinCondition(relation, relAlias, parentAlias)}), '[]'::json)`,
      );
    }
    return `json_build_object(${parts.join(', ')})`;
  };

  const joins: string[] = [];
  const document = objectOf(aggregate.root, 'r', joins);
  const roots = `(select * from ${quoteIdent(aggregate.root.table)} r where ${[where, tail].filter(Boolean).join(' ')})`;
  return `select r.id::text as id, ${document} as document from ${roots} r ${joins.join(' ')} order by r.id`;
}
