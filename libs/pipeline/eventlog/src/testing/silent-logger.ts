import type { EventLogLogger } from '../logger';

/** For tests that provoke lost connections and retries on purpose: their warnings are expected noise. */
export const silentLogger: EventLogLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
