import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

/**
 * Starts `node <entry>` on this same Node binary, its output prefixed with its name. The IPC
 * channel is how the child knows this process is alive: when it closes, the child stops.
 */
export function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, ["--enable-source-maps", entry], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const prefix = `${name.padEnd(10)} |`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) (stream === child.stderr ? process.stderr : process.stdout).write(`${prefix} ${line}\n`);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, child, exited };
}

/** Polls a health URL until it answers 200, the process dies, or time runs out. */
export async function waitUntilHealthy(service: ServiceProcess, healthUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void service.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`${service.name} exited during start-up`);
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${service.name} did not become healthy at ${healthUrl} within ${timeoutMs / 1000}s`);
}

/** SIGTERM, then SIGKILL after a grace period. */
export async function stopService(service: ServiceProcess, graceMs = 10_000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill("SIGTERM");
  const timedOut = await Promise.race([service.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) service.child.kill("SIGKILL");
}
