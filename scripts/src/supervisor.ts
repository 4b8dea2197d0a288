import { setTimeout as sleep } from "node:timers/promises";
import { spawnService, stopService, waitUntilHealthy, type ServiceProcess } from "./processes.js";

export interface ServiceSpec {
  name: string;
  /** The built entry point, run on this same Node binary. */
  entry: string;
  env: NodeJS.ProcessEnv;
  healthUrl: string;
}

export interface SupervisorOptions {
  /** Crashes within `windowMs` after which a service is given up (left down). @default 5 */
  maxCrashes?: number;
  /** @default 60_000 */
  windowMs?: number;
  /** Wait before the first restart; doubles with each crash in the window. @default 500 */
  firstBackoffMs?: number;
  /** @default 8_000 */
  maxBackoffMs?: number;
}

interface Supervised {
  spec: ServiceSpec;
  current: ServiceProcess;
  crashes: number[];
}

/**
 * Keeps `npm start`'s services running: one that dies after start-up is started again with
 * backoff, and after too many crashes in a short window it is given up alone, with an error
 * line, while the others keep serving (the router's /health names it). Start-up itself is
 * strict: a service that cannot start fails the whole start.
 */
export class Supervisor {
  private readonly services: Supervised[] = [];
  private stopping = false;
  private readonly options: Required<SupervisorOptions>;

  constructor(options: SupervisorOptions = {}) {
    this.options = { maxCrashes: 5, windowMs: 60_000, firstBackoffMs: 500, maxBackoffMs: 8_000, ...options };
  }

  /** Starts a service and waits until it is healthy; throws if it dies or never gets there. */
  async start(spec: ServiceSpec): Promise<void> {
    const supervised: Supervised = { spec, current: spawnService(spec.name, spec.entry, spec.env), crashes: [] };
    this.services.push(supervised);
    await waitUntilHealthy(supervised.current, spec.healthUrl);
    this.watch(supervised);
  }

  /** Stops every service, the last started first. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const { current } of [...this.services].reverse()) await stopService(current);
  }

  private watch(supervised: Supervised): void {
    void supervised.current.exited.then(async (code) => {
      if (this.stopping) return;
      const { name } = supervised.spec;
      const now = Date.now();
      supervised.crashes = [...supervised.crashes.filter((at) => now - at < this.options.windowMs), now];
      if (supervised.crashes.length > this.options.maxCrashes) {
        console.error(`${name} crashed ${supervised.crashes.length} times within ${this.options.windowMs / 1000}s (last exit code ${code}); giving up on it, the other services keep running`);
        return;
      }
      const backoff = Math.min(this.options.firstBackoffMs * 2 ** (supervised.crashes.length - 1), this.options.maxBackoffMs);
      console.error(`${name} exited unexpectedly (code ${code}); starting it again in ${backoff} ms`);
      await sleep(backoff);
      if (this.stopping) return;
      supervised.current = spawnService(name, supervised.spec.entry, supervised.spec.env);
      this.watch(supervised);
      await waitUntilHealthy(supervised.current, supervised.spec.healthUrl).then(
        () => console.log(`${name} is back`),
        () => undefined, // its exit is handled by watch
      );
    });
  }
}
