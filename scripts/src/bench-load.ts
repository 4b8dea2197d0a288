import { spawn } from "node:child_process";
import path from "node:path";

/** What bench/load.mjs runs: autocannon against one URL, with per-connection tokens and bodies. */
export interface LoadPlan {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Connection i sends bodies[i % length] with tokens[i % length] (null: anonymous). */
  bodies?: string[];
  tokens?: (string | null)[];
  headers?: Record<string, string>;
  /** createBooking: every request a distinct resource and range (resource i % n, slot i / n). */
  /** Sign every request with the internal secret, as the router signs subgraph fetches (a subgraph's own URL). */
  signWith?: { secret: string; audience: string };
  booking?: { query: string; resourceIds: string[]; startMs: number; slotMs: number; lengthMs: number; keyPrefix: string };
}

export interface LoadResult {
  total: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  graphqlErrors: number;
  firstError: string | null;
}

/** Runs one load in a separate Node process (bench/load.mjs, autocannon from bench/node_modules). */
export async function runLoad(benchDir: string, plan: LoadPlan): Promise<LoadResult> {
  const child = spawn(process.execPath, [path.join(benchDir, "load.mjs"), JSON.stringify(plan)], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}: ${output}`);
  return JSON.parse(output.trim().split("\n").pop()!) as LoadResult;
}
