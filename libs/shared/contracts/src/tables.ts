/**
 * The domain tables whose changes are captured (publication `dsm_publication`). Users and
 * sessions are deliberately absent: credentials never leave the database.
 */
export const CAPTURED_TABLES = [
  'organizations',
  'customers',
  'products',
  'orders',
  'order_items',
  'invoices',
  'deliveries',
  'delivery_details',
  'attempts',
  'state_changes',
  'outbox',
] as const;

export type CapturedTable = (typeof CAPTURED_TABLES)[number];

/** Entities that get a clean topic: every captured table but the outbox (routed instead). */
export const CLEAN_ENTITIES = CAPTURED_TABLES.filter(
  (table): table is Exclude<CapturedTable, 'outbox'> => table !== 'outbox',
);
export type CleanEntity = (typeof CLEAN_ENTITIES)[number];

export const PUBLICATION_NAME = 'dsm_publication';
export const DEFAULT_SLOT_NAME = 'dsm_slot';
