export interface BackgroundLoopOptions {
  /** Names the loop in the error log. */
  name: string;
  /**
   * One pass of the work. May resolve to how long to sleep before the next pass (capped at
   * `idleMs`), for work that knows when it is next due; otherwise the loop sleeps `idleMs`.
   */
  run: () => Promise<number | void>;
  /** The longest sleep between passes when nothing wakes the loop (a polling fallback). @default 1000 */
  idleMs?: number;
  /** The sleep after a failed pass; it doubles with each failure in a row. @default idleMs */
  backoffMs?: number;
  /** The longest sleep after failures. @default 30000 */
  maxBackoffMs?: number;
  /** Where a failed pass is reported (never once stopping). @default console.error with the name */
  onError?: (error: unknown) => void;
}

/** A started loop: passes run one at a time, never overlapping. */
export interface BackgroundLoop {
  /** Runs a pass now; while one runs, once more right after it (wakes in between fold into one). */
  wake(): void;
  /** No pass starts after this; resolves when the one running has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `run` at once and then again and again: after the sleep it asks for, on `wake()` (a
 * NOTIFY, a commit), and after a growing backoff when it throws. Its timers do not keep the
 * process alive.
 */
export function startLoop(options: BackgroundLoopOptions): BackgroundLoop {
  const idleMs = options.idleMs ?? 1_000;
  const backoffMs = options.backoffMs ?? idleMs;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const onError = options.onError ?? ((error: unknown) => console.error(`${options.name}:`, error));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let stopped = false;

  const sleep = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(pass, delayMs);
    timer.unref();
  };

  function pass(): void {
    timer = null;
    again = false;
    running = (async () => {
      let delayMs: number;
      try {
        const asked = await options.run();
        failures = 0;
        delayMs = typeof asked === "number" ? Math.max(0, Math.min(idleMs, asked)) : idleMs;
      } catch (error) {
        failures += 1;
        if (!stopped) onError(error);
        delayMs = Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1));
      }
      running = null;
      if (again && !stopped) pass();
      else sleep(delayMs);
    })();
  }

  pass();
  return {
    wake() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      if (timer) clearTimeout(timer);
      pass();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
