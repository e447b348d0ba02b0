/**
 * A consumer's sleep that a NOTIFY cuts short. A signal that arrives while the consumer is busy
 * (fetching, handling) is remembered, so the next sleep returns at once instead of missing it.
 */
export function createWakeup() {
  let dirty = false;
  let waiter: { done: () => void; anySignal: boolean } | undefined;

  return {
    /** Something changed; `urgent` also ends a back-off sleep (stop). */
    signal(urgent = false): void {
      dirty = true;
      if (waiter && (waiter.anySignal || urgent)) waiter.done();
    },
    /** Call before looking for work: signals from now on count for the next sleep. */
    arm(): void {
      dirty = false;
    },
    sleep(ms: number, anySignal = true): Promise<void> {
      if (anySignal && dirty) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        }
        waiter = { done, anySignal };
      });
    },
  };
}
