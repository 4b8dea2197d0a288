/** How often, and how patiently, a delivery (or a publish) is tried again. */
export interface RetryPolicy {
  /** Deliveries of one event to one consumer before it is dead-lettered. @default 8 */
  maxAttempts: number;
  /** Wait before the second attempt; each later wait doubles. @default 1000 */
  initialDelayMs: number;
  /** The longest wait between two attempts. @default 300000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, initialDelayMs: 1_000, maxDelayMs: 300_000 };

/** The wait after the `attempt`-th failure (1-based): initial x 2^(attempt-1), capped. */
export function retryDelayMs(policy: Pick<RetryPolicy, "initialDelayMs" | "maxDelayMs">, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}
