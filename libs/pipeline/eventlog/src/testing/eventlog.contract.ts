import { afterEach, describe } from 'vitest';
import type { EventLog } from '../eventlog.port';
import { describeAdminContract } from './contract-admin';
import { describeConsumeContract } from './contract-consume';
import { describeGroupAdminContract } from './contract-group-admin';
import { describeGroupContract } from './contract-groups';
import { describeProduceContract } from './contract-produce';

/** Adapter-specific knobs the contract cannot express through the port. */
export interface ContractHooks<L extends EventLog> {
  /** Runs compaction now; `afterGrace` pretends the tombstone grace period has passed. Omit when the engine compacts on its own schedule. */
  compact?: (log: L, options: { afterGrace: boolean }) => Promise<void>;
  /** Longest a test waits for an asynchronous outcome (a Kafka rebalance takes seconds). */
  waitMs?: number;
  /** False when `listGroups` cannot report commit times (Kafka): the contract then expects null. */
  commitTimes?: boolean;
}

export interface ContractContext<L extends EventLog> {
  /** A new log instance ("process"), closed after the test. */
  open(): Promise<L>;
  hooks: ContractHooks<L>;
  waitMs: number;
}

/**
 * The event log contract: every adapter passes it. `makeLog` returns a fresh instance (own
 * connections) on every call; two instances in one group behave like two processes.
 */
export function describeEventLogContract<L extends EventLog>(name: string, makeLog: () => L | Promise<L>, hooks: ContractHooks<L> = {}): void {
  describe(`EventLog contract: ${name}`, () => {
    const opened: L[] = [];
    const context: ContractContext<L> = {
      async open() {
        const log = await makeLog();
        opened.push(log);
        return log;
      },
      hooks,
      waitMs: hooks.waitMs ?? 20_000,
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((log) => log.close()));
    });

    describeProduceContract(context);
    describeConsumeContract(context);
    describeGroupContract(context);
    describeGroupAdminContract(context);
    describeAdminContract(context);
  });
}
