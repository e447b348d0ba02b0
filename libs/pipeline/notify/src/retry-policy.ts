/** How SMTP failures are retried before the event is dead-lettered. */
export interface RetryPolicy {
  /** Sends tried in all, the first included. Default 5. */
  attempts: number;
  /** Wait before the second try; doubles each time. Default 500 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Exponential back-off with jitter (half fixed, half random), so stages do not retry a recovering server in step. */
export function backoffDelay(policy: RetryPolicy, failedAttempts: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
