import { readFile, readdir } from "node:fs/promises";

/**
 * What `npm run bench` reads about the processes it measures, from /proc: CPU time (utime +
 * stime, plus the children's that have ended: PostgreSQL's backends come and go) and resident
 * memory, sampled while load runs. A group is one process (router, a subgraph) or several
 * (the embedded PostgreSQL: the postmaster and every backend it forked, summed).
 */
export interface ProcessGroup {
  name: string;
  /** The group's root pid; a group with children counts them and their ended children too. */
  pid: number;
  withChildren: boolean;
}

const TICK_MS = 10; // CLK_TCK is 100 on Linux

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  endedChildrenTicks: number;
}

async function stat(pid: number): Promise<Stat | null> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (!text) return null;
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), endedChildrenTicks: Number(fields[13]) + Number(fields[14]) };
}

async function allPids(): Promise<number[]> {
  return (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** The pids whose parent is `pid`. */
export async function childrenOf(pid: number): Promise<number[]> {
  const stats = await Promise.all((await allPids()).map(stat));
  return stats.filter((entry): entry is Stat => entry !== null && entry.ppid === pid).map((entry) => entry.pid);
}

export async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ");
}

async function pidsOf(group: ProcessGroup): Promise<number[]> {
  return group.withChildren ? [group.pid, ...(await childrenOf(group.pid))] : [group.pid];
}

/** CPU milliseconds the group has used so far. */
export async function cpuMs(group: ProcessGroup): Promise<number> {
  const root = await stat(group.pid);
  if (!root) return 0;
  if (!group.withChildren) return root.cpuTicks * TICK_MS;
  const children = await Promise.all((await childrenOf(group.pid)).map(stat));
  const ticks = root.cpuTicks + root.endedChildrenTicks + children.reduce((sum, child) => sum + (child?.cpuTicks ?? 0), 0);
  return ticks * TICK_MS;
}

/** Resident memory of the group in MB (a group's processes summed, so PostgreSQL's shared buffers count once per backend that touched them). */
export async function rssMb(group: ProcessGroup): Promise<number> {
  let kb = 0;
  for (const pid of await pidsOf(group)) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

export interface GroupUsage {
  cpuMs: number;
  peakRssMb: number;
}

/**
 * Measures the groups while `work` runs: CPU used (after - before) and the peak resident
 * memory seen by sampling every 250 ms.
 */
export async function measureUsage<T>(groups: ProcessGroup[], work: () => Promise<T>): Promise<{ result: T; usage: Record<string, GroupUsage> }> {
  const before = await Promise.all(groups.map(cpuMs));
  const peaks = new Map<string, number>(groups.map((group) => [group.name, 0]));
  const sample = async () => {
    for (const group of groups) peaks.set(group.name, Math.max(peaks.get(group.name)!, await rssMb(group)));
  };
  await sample();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await sample();
    }
  })();
  try {
    const result = await work();
    const after = await Promise.all(groups.map(cpuMs));
    const usage = Object.fromEntries(groups.map((group, index) => [group.name, { cpuMs: after[index]! - before[index]!, peakRssMb: peaks.get(group.name)! }]));
    return { result, usage };
  } finally {
    sampling = false;
    await sampler;
  }
}
