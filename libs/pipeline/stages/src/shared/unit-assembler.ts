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
 */
export function createUnitAssembler(classify: (record: ConsumedRecord) => UnitRole, memory = 20_000): UnitAssembler {
  let state = { open: new Map<string, OpenUnit>(), unreleased: new Map<string, ConsumedRecord[]>(), released: new Set<string>() };
  return {
    accept(records) {
      const next = {
        open: new Map([...state.open].map(([id, unit]) => [id, { ...unit, members: new Map(unit.members), ends: [...unit.ends] }])),
        unreleased: new Map([...state.unreleased].map(([id, unitRecords]) => [id, [...unitRecords]])),
        released: state.released,
      };
      const result = acceptInto(next, records, classify, memory);
      return { ...result, commit: () => void (state = next) };
    },
  };
}

interface AssemblerState {
  open: Map<string, OpenUnit>;
  unreleased: Map<string, ConsumedRecord[]>;
  released: Set<string>;
}

function acceptInto(state: AssemblerState, records: ConsumedRecord[], classify: (record: ConsumedRecord) => UnitRole, memory: number) {
  const { open, unreleased } = state;
  // Copied like the rest, so a failed batch leaves the assembler exactly as it was.
  const released = new Set(state.released);
  state.released = released;

  const remember = (id: string) => {
    released.add(id);
    if (released.size > memory) released.delete(released.values().next().value as string);
  };

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
    else if (!released.has(role.unit)) add(record, role);
  }
  ready.push(...completeUnits());
  const pending = holdBack(open, unreleased);
  for (const id of [...unreleased.keys()]) {
    if (pending.held.has(id)) continue;
    unreleased.delete(id);
    remember(id);
  }
  return { ready, pending: pending.records };
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
