import { CAPTURED_TABLES, PUBLICATION_NAME } from '@dsm/contracts';
import type { CaptureLogger } from './capture-options.schema';
import { dropSlot, loadPrimaryKeys, readSlot } from './slot.repository';
import type { PrimaryKeys } from './transaction.assembler';
import { createSourceClient } from './source.client';

export interface SourceFacts {
  db: string;
  primaryKeys: PrimaryKeys;
  slotExists: boolean;
}

/** Facts about the captured database that every (re)connection needs; fails clearly when unusable. */
export async function inspectSource(domainUrl: string, slotName: string): Promise<SourceFacts> {
  const client = createSourceClient({ connectionString: domainUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string; wal_level: string; publication: boolean }>(
      `select current_database() as db, current_setting('wal_level') as wal_level,
              exists (select 1 from pg_publication where pubname = $1) as publication`,
      [PUBLICATION_NAME],
    );
    const [facts] = rows;
    if (facts.wal_level !== 'logical') throw new Error(`wal_level is ${facts.wal_level}: the capture needs wal_level=logical`);
    if (!facts.publication) throw new Error(`publication ${PUBLICATION_NAME} is missing: run the migrations first`);
    const primaryKeys = await loadPrimaryKeys(client, CAPTURED_TABLES);
    return { db: facts.db, primaryKeys, slotExists: (await readSlot(client, slotName)) !== null };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A slot without a completed-snapshot marker belongs to a snapshot that crashed half way: its
 * exported snapshot is gone, so the only consistent restart is a new slot and a new snapshot.
 */
export async function discardUnfinishedSlot(domainUrl: string, slotName: string, logger: CaptureLogger): Promise<void> {
  const client = createSourceClient({ connectionString: domainUrl });
  await client.connect();
  try {
    logger.warn({ slot: slotName }, 'capture: previous snapshot did not finish; recreating the slot and snapshot');
    await dropSlot(client, slotName);
  } finally {
    await client.end().catch(() => undefined);
  }
}
