import "reflect-metadata";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SCHEMA_DIR, composeSchemas } from "./supergraph.js";

// `npm run compose` writes schema/; `npm run compose -- --check` only says whether it is stale.
const check = process.argv.includes("--check");
const { files, hints } = await composeSchemas();
const stale: string[] = [];
for (const [relative, content] of Object.entries(files)) {
  const target = path.join(SCHEMA_DIR, relative);
  const current = await readFile(target, "utf8").catch(() => null);
  if (current === content) continue;
  stale.push(relative);
  if (!check) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}
if (hints.length > 0) console.log(`${hints.length} composition hints:\n${hints.map((hint) => `  - ${hint}`).join("\n")}`);
if (check && stale.length > 0) {
  console.error(`schema/ is stale (${stale.join(", ")}): run npm run compose and commit the result`);
  process.exit(1);
}
console.log(stale.length === 0 ? "schema/ is up to date" : `wrote ${stale.map((file) => `schema/${file}`).join(", ")}`);
