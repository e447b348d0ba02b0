import type { ConsumedRecord } from '@dsm/eventlog';

/** How a stage sees one record with respect to source transactions ("units"). */
export type UnitRole =
  | { kind: 'member'; unit: string; slot: string; collection: string; expectedTotal?: number }
  | { kind: 'end'; unit: string; expected: ReadonlyMap<string, number> }
  | { kind: 'standalone' }
  | { kind: 'skip' };

export interface ReadyUnit {
  /** Null for a standalone record (e.g. a snapshot read with no transaction). */
  id: string | null;
  members: ConsumedRecord[];
  /** The END record(s) that closed it, when the unit has one. */
  ends: ConsumedRecord[];
}

export interface UnitAssembler {
  /**
   * Adds a batch; returns the units that became complete and the records to hold back. Nothing
   * changes until `commit()` is called once the output is durable: a failed batch is redelivered
   * and must find the units still open.
   */
  accept(records: ConsumedRecord[]): { ready: ReadyUnit[]; pending: ConsumedRecord[]; commit(): void };
}

interface OpenUnit {
  members: Map<string, { record: ConsumedRecord; collection: string }>;
  ends: ConsumedRecord[];
  expected?: ReadonlyMap<string, number>;
  expectedTotal?: number;
}

/** Header the event log's replayDeadLetter() puts on a replayed record. */
export const REPLAYED_HEADER = 'dsm-replayed-from';

const positionKey = (record: ConsumedRecord) => `${record.topic}\u0000${record.partition}`;

/**
 * Holds records back until their source transaction is complete (its END seen and every
 * per-collection count met, or the announced number of members seen), so a stage applies a
 * transaction as a unit. Redelivered duplicates are recognised by their slot.
 *
 * Offsets are the subtle part: an applied unit whose records sit behind a still-open unit in some
 * partition stays uncommitted there. Its other records (the END, members on other partitions)
 * are therefore held as well; otherwise, after a crash, the uncommitted members would come back
 * without the END that completes them and wait forever. Applied units are remembered, so their
 * redelivery is committed without being applied twice.
 *
 * The event log redelivers a partition's whole uncommitted suffix (from its first pending record)
 * with every batch that has news for it, so applied units come back while they sit in such a
 * suffix. Those are remembered exactly (`inSuffix`) for as long as the log can still send them,
 * however long that is: forgetting one would open it again without the END it already passed,
 * and it would hold its partitions back for good. The other applied units are remembered in a
 * bounded recency set, only to spare the work of applying a redelivered batch twice.
 */
export function createUnitAssembler(classify: (record: ConsumedRecord) => UnitRole, memory = 20_000): UnitAssembler {
  let state: AssemblerState = { open: new Map(), unreleased: new Map(), recent: new Set(), inSuffix: new Map(), suffixStarts: new Map() };
  return {
    accept(records) {
      const next: AssemblerState = {
        open: new Map([...state.open].map(([id, unit]) => [id, { ...unit, members: new Map(unit.members), ends: [...unit.ends] }])),
        unreleased: new Map([...state.unreleased].map(([id, unitRecords]) => [id, [...unitRecords]])),
        recent: state.recent,
        inSuffix: new Map(state.inSuffix),
        suffixStarts: new Map(state.suffixStarts),
      };
      const { ready, pending, applied } = acceptInto(next, records, classify);
      return {
        ready,
        pending,
        commit() {
          state = next;
          rememberRecent(state.recent, applied, memory);
        },
      };
    },
  };
}

interface AssemblerState {
  open: Map<string, OpenUnit>;
  unreleased: Map<string, ConsumedRecord[]>;
  /**
   * Recently applied units (bounded): a redelivered duplicate is not applied again. Shared, not
   * copied, by the next state (it can hold thousands of ids): a batch adds to it only on commit.
   */
  recent: Set<string>;
  /** Applied units with a record in a suffix the log still holds: never forgotten early. */
  inSuffix: Map<string, ConsumedRecord[]>;
  /** Per partition, the offset the log's held suffix starts at (mirrors the event log). */
  suffixStarts: Map<string, bigint>;
}

function rememberRecent(recent: Set<string>, applied: string[], memory: number): void {
  for (const id of applied) {
    recent.add(id);
    if (recent.size > memory) recent.delete(recent.values().next().value as string);
  }
}

function acceptInto(state: AssemblerState, records: ConsumedRecord[], classify: (record: ConsumedRecord) => UnitRole) {
  const { open, unreleased, inSuffix, recent } = state;
  const isApplied = (id: string) => recent.has(id) || inSuffix.has(id);
  const applied: string[] = [];

  const add = (record: ConsumedRecord, role: Exclude<UnitRole, { kind: 'standalone' | 'skip' }>) => {
    const unit = unreleased.get(role.unit);
    if (unit) return void (unit.some((known) => samePosition(known, record)) || unit.push(record));
    const entry: OpenUnit = open.get(role.unit) ?? { members: new Map(), ends: [] };
    open.set(role.unit, entry);
    if (role.kind === 'end') {
      entry.expected = role.expected;
      if (!entry.ends.some((known) => samePosition(known, record))) entry.ends.push(record);
    } else {
      if (role.expectedTotal !== undefined) entry.expectedTotal = role.expectedTotal;
      if (!entry.members.has(role.slot)) entry.members.set(role.slot, { record, collection: role.collection });
    }
  };

  const completeUnits = (): ReadyUnit[] => {
    const ready: ReadyUnit[] = [];
    for (const [id, unit] of open) {
      if (!isComplete(unit)) continue;
      open.delete(id);
      const members = [...unit.members.values()].map((member) => member.record);
      unreleased.set(id, [...members, ...unit.ends]);
      ready.push({ id, members, ends: unit.ends });
    }
    return ready;
  };

  const ready: ReadyUnit[] = [];
  for (const record of records) {
    // A replayed dead letter comes back alone, long after its transaction: apply it on its own.
    const role = record.headers[REPLAYED_HEADER] ? { kind: 'standalone' as const } : classify(record);
    if (role.kind === 'skip') continue;
    if (role.kind === 'standalone') ready.push({ id: null, members: [record], ends: [] });
    else if (!isApplied(role.unit)) add(record, role);
  }
  ready.push(...completeUnits());
  const pending = holdBack(open, unreleased);
  for (const [id, unitRecords] of [...unreleased]) {
    if (pending.held.has(id)) continue;
    unreleased.delete(id);
    applied.push(id);
    inSuffix.set(id, unitRecords);
  }
  trackSuffixes(state, records, pending.records);
  return { ready, pending: pending.records, applied };
}

/**
 * Mirrors the log: a partition in this batch now holds the suffix from its first pending record
 * (none if nothing is pending); a partition not in the batch keeps the suffix it had. Applied
 * units with no record left in any suffix can no longer come back and are let go.
 */
function trackSuffixes(state: AssemblerState, batch: ConsumedRecord[], pending: ConsumedRecord[]): void {
  const firstPending = new Map<string, bigint>();
  for (const record of pending) {
    const key = positionKey(record);
    const offset = BigInt(record.offset);
    const known = firstPending.get(key);
    if (known === undefined || offset < known) firstPending.set(key, offset);
  }
  for (const key of new Set(batch.map(positionKey))) {
    const start = firstPending.get(key);
    if (start === undefined) state.suffixStarts.delete(key);
    else state.suffixStarts.set(key, start);
  }
  for (const [id, unitRecords] of state.inSuffix) {
    if (!unitRecords.some((record) => isBehindFloor(state.suffixStarts, record))) state.inSuffix.delete(id);
  }
}

function isComplete(unit: OpenUnit): boolean {
  if (unit.expected) {
    const seen = new Map<string, number>();
    for (const member of unit.members.values()) seen.set(member.collection, (seen.get(member.collection) ?? 0) + 1);
    if (unit.expected.has('*')) return unit.members.size >= (unit.expected.get('*') ?? 0);
    return [...unit.expected].every(([collection, count]) => (seen.get(collection) ?? 0) >= count);
  }
  return unit.expectedTotal !== undefined && unit.members.size >= unit.expectedTotal;
}

/** Open units are held; an applied unit is held while any of its records sits at or past a held offset. */
function holdBack(open: Map<string, OpenUnit>, unreleased: Map<string, ConsumedRecord[]>) {
  const floors = new Map<string, bigint>();
  const lower = (record: ConsumedRecord): boolean => {
    const key = positionKey(record);
    const offset = BigInt(record.offset);
    const floor = floors.get(key);
    if (floor !== undefined && floor <= offset) return false;
    floors.set(key, offset);
    return true;
  };
  const records: ConsumedRecord[] = [];
  for (const unit of open.values()) {
    const all = [...[...unit.members.values()].map((member) => member.record), ...unit.ends];
    all.forEach(lower);
    records.push(...all);
  }
  const held = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, unitRecords] of unreleased) {
      if (held.has(id) || !unitRecords.some((record) => isBehindFloor(floors, record))) continue;
      held.add(id);
      unitRecords.forEach((record) => lower(record) && (changed = true));
      records.push(...unitRecords);
      changed = true;
    }
  }
  return { held, records };
}

function isBehindFloor(floors: Map<string, bigint>, record: ConsumedRecord): boolean {
  const floor = floors.get(positionKey(record));
  return floor !== undefined && BigInt(record.offset) >= floor;
}

function samePosition(a: ConsumedRecord, b: ConsumedRecord): boolean {
  return a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;
}
