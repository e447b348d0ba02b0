/** Polls until `check` holds; fails with the last state after `timeoutMs` (a liveness bound, not a timing assertion). */
export async function waitFor(check: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/** Resolves with the next emission of `event` that satisfies `match`. */
export function nextEvent<T>(
  on: (event: string, listener: (payload: T) => void) => unknown,
  off: (event: string, listener: (payload: T) => void) => unknown,
  event: string,
  match: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!match(payload)) return;
      off(event, listener);
      resolve(payload);
    };
    on(event, listener);
  });
}
