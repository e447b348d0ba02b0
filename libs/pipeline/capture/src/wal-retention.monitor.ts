import type { CaptureLogger } from './capture-options.schema';
import { readSlot } from './slot.repository';
import { createSourceClient } from './source.client';

export interface WalRetentionMonitor {
  /** Last measurement: pg_current_wal_lsn() - restart_lsn of the slot, in bytes. */
  readonly retainedWalBytes: number | null;
  check(): Promise<number | null>;
  stop(): void;
}

/**
 * Measures how much WAL the server keeps for the slot. A slot nobody reads (capture stopped or
 * stuck) makes the server keep WAL forever, until its disk fills; past `warnBytes` this warns,
 * once per crossing, so operators act before that.
 */
export function startWalRetentionMonitor(options: {
  domainUrl: string;
  slotName: string;
  warnBytes: number;
  intervalMs: number;
  logger: CaptureLogger;
}): WalRetentionMonitor {
  let retained: number | null = null;
  let warned = false;
  const check = async () => {
    const client = createSourceClient({ connectionString: options.domainUrl });
    try {
      await client.connect();
      retained = (await readSlot(client, options.slotName))?.retainedWalBytes ?? null;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (retained !== null && retained > options.warnBytes && !warned) {
      options.logger.warn({ slot: options.slotName, retainedWalBytes: retained, walWarnBytes: options.warnBytes }, 'capture: replication slot retains more WAL than WAL_WARN_BYTES');
    }
    warned = retained !== null && retained > options.warnBytes;
    return retained;
  };
  const checkInBackground = () => {
    check().catch((error: unknown) => options.logger.debug({ err: String(error) }, 'capture: WAL retention check failed'));
  };
  // At once too: a capture starting after a long stop is when its slot holds the most.
  checkInBackground();
  const timer = setInterval(checkInBackground, options.intervalMs);
  timer.unref();
  return {
    get retainedWalBytes() {
      return retained;
    },
    check,
    stop: () => clearInterval(timer),
  };
}
