import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { canConnect } from "@booking/common";

/**
 * `npm run check:exit-codes`: proves the test command can fail. It runs vitest, with the
 * project's own configuration and global setup, on a probe that fails and on one that passes,
 * and checks the exit codes (non-zero, then zero): on the embedded PostgreSQL and, when one is
 * reachable, on an external server through TEST_DATABASE_URL. CI runs it before the tests.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const vitest = path.join(ROOT, "node_modules/vitest/vitest.mjs");
const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

function runProbe(probe: "red" | "green", testDatabaseUrl: string | undefined): number {
  const env: NodeJS.ProcessEnv = { ...process.env, EXIT_CODE_PROBE: probe };
  delete env.TEST_DATABASE_URL;
  if (testDatabaseUrl) env.TEST_DATABASE_URL = testDatabaseUrl;
  const run = spawnSync(process.execPath, [vitest, "run", "--config", "test/exit-code-probe/vitest.config.ts"], { cwd: ROOT, env, encoding: "utf8" });
  return run.status ?? 128;
}


const servers: { label: string; url: string | undefined }[] = [{ label: "embedded PostgreSQL", url: undefined }];
const external = process.env.TEST_DATABASE_URL ?? ((await canConnect(LOCAL_SERVER)) ? LOCAL_SERVER : undefined);
if (external) servers.push({ label: "TEST_DATABASE_URL", url: external });
else console.log(`skipped the TEST_DATABASE_URL runs: TEST_DATABASE_URL is unset and nothing answers at ${LOCAL_SERVER}`);

let failures = 0;
for (const { label, url } of servers) {
  for (const [probe, wantZero] of [["red", false], ["green", true]] as const) {
    const code = runProbe(probe, url);
    const ok = wantZero ? code === 0 : code !== 0;
    if (!ok) failures++;
    console.log(`${ok ? "ok  " : "FAIL"} ${probe} probe on the ${label}: exit ${code} (want ${wantZero ? "0" : "non-zero"})`);
  }
}
if (failures > 0) {
  console.error("the test command's exit code does not tell the truth");
  process.exit(1);
}
