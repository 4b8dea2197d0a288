import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { manifestFiles } from "./operations-manifest.js";

// `npm run manifest` writes the trusted-documents manifest and the SDK's operation ids from
// schema/operations; `-- --check` only says whether they are stale.
const check = process.argv.includes("--check");
const root = path.resolve(import.meta.dirname, "../..");
const stale: string[] = [];
for (const [target, content] of Object.entries(await manifestFiles())) {
  if ((await readFile(target, "utf8").catch(() => null)) === content) continue;
  stale.push(path.relative(root, target));
  if (!check) await writeFile(target, content);
}
if (check && stale.length > 0) {
  console.error(`stale: ${stale.join(", ")}: run npm run manifest and commit the result`);
  process.exit(1);
}
console.log(stale.length === 0 ? "the operation manifest is up to date" : `wrote ${stale.join(", ")}`);
