import type pg from 'pg';
import type { IndexDefinition } from '../search.port';
import { IndexDefinitionSchema } from '../query/index-definition.schema';
import { inTransaction, lockIndexName, tableOf } from './postgres-registry';

export async function findAlias(client: pg.ClientBase, index: string): Promise<string | null> {
  const { rows } = await client.query<{ physical_index: string }>('select physical_index from search.aliases where name = $1', [index]);
  return rows[0]?.physical_index ?? null;
}

export async function findDefinition(client: pg.ClientBase, physicalIndex: string): Promise<IndexDefinition | null> {
  const { rows } = await client.query<{ definition: unknown }>('select definition from search.physical_indexes where name = $1', [
    physicalIndex,
  ]);
  return rows[0] ? IndexDefinitionSchema.parse(rows[0].definition) : null;
}

/** Points the alias at `physicalIndex` in one transaction: readers see the old or the new one. */
export async function pointAlias(client: pg.ClientBase, index: string, physicalIndex: string): Promise<{ previous: string | null }> {
  return inTransaction(client, async () => {
    await lockIndexName(client, index);
    const definition = await findDefinition(client, physicalIndex);
    if (definition?.name !== index) throw new Error(`Physical index "${physicalIndex}" does not exist or does not belong to "${index}".`);
    const previous = await findAlias(client, index);
    await client.query(
      `insert into search.aliases (name, physical_index) values ($1, $2)
       on conflict (name) do update set physical_index = excluded.physical_index, updated_at = now()`,
      [index, physicalIndex],
    );
    return { previous };
  });
}

/** Drops a physical index no alias points at (searches still reading it finish first: table lock). */
export async function dropPhysical(client: pg.ClientBase, physicalIndex: string): Promise<void> {
  await inTransaction(client, async () => {
    const { rows } = await client.query<{ name: string }>('select name from search.aliases where physical_index = $1', [physicalIndex]);
    if (rows.length) throw new Error(`Physical index "${physicalIndex}" is still served by alias "${rows[0].name}"; swap it first.`);
    await client.query(`drop table if exists ${tableOf(physicalIndex)}`);
    await client.query('delete from search.physical_indexes where name = $1', [physicalIndex]);
  });
}
