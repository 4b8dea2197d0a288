import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { NOT_BUILT_YET } from "./not-built-yet.js";
import { compareSchemas, type Compatibility } from "./schema-compatibility.js";
import { SCHEMA_DIR, composeSchemas } from "./supergraph.js";

/**
 * `npm run schema:check`: fails (exit 1) when the API schema composed from the subgraphs' code
 * would break a client of the contract's api.graphql, or of schema/api.graphql as it was in
 * the previous commit (`--base`, default HEAD~1). Dangerous changes are reported, not fatal.
 * `--old <file> --new <file>` compares two SDL files instead (the tests use fixtures).
 */
const { values } = parseArgs({
  options: {
    base: { type: "string", default: "HEAD~1" },
    contract: { type: "string", default: process.env.CONTRACT_DIR || path.resolve(SCHEMA_DIR, "../../shared/contract") },
    old: { type: "string" },
    new: { type: "string" },
  },
});

const root = path.resolve(SCHEMA_DIR, "..");
let failed = false;

function report(title: string, { breaking, dangerous }: Compatibility): void {
  console.log(`${title}: ${breaking.length} breaking, ${dangerous.length} dangerous`);
  for (const change of [...breaking, ...dangerous]) console.log(`  ${change.level.padEnd(9)} ${change.path}: ${change.message}`);
  if (breaking.length > 0) failed = true;
}

if (values.old || values.new) {
  if (!values.old || !values.new) throw new Error("--old and --new go together");
  report(`${values.old} -> ${values.new}`, await compareSchemas(await readFile(values.old, "utf8"), await readFile(values.new, "utf8")));
} else {
  const composed = (await composeSchemas()).files["api.graphql"]!;

  const contract = await readFile(path.join(values.contract, "api.graphql"), "utf8").catch(() => null);
  if (contract === null) {
    console.error(`the contract's api.graphql is not at ${values.contract} (set CONTRACT_DIR)`);
    failed = true;
  } else {
    report("contract api.graphql -> composed API schema", await compareSchemas(contract, composed, Object.keys(NOT_BUILT_YET)));
  }

  const previous = committedApiSchema(values.base);
  if (previous === null) console.log(`${values.base} has no schema/api.graphql: nothing to compare with`);
  else report(`schema/api.graphql at ${values.base} -> composed API schema`, await compareSchemas(previous, composed));
}

if (failed) {
  console.error("schema check failed: a breaking change would reach clients");
  process.exit(1);
}
console.log("schema check passed");

function committedApiSchema(ref: string): string | null {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const succeeds = (...args: string[]) => {
    try {
      git(...args);
      return true;
    } catch {
      return false;
    }
  };
  if (!succeeds("rev-parse", "--verify", "--quiet", `${ref}^{commit}`)) {
    // Only a first commit has nothing before it; an unknown ref or a shallow clone fails rather than passing unchecked.
    const isFirstCommit = git("rev-list", "--count", "HEAD").trim() === "1";
    if (isFirstCommit) return null;
    throw new Error(`${ref} is not a commit here (a shallow clone? CI clones the whole history)`);
  }
  if (!succeeds("cat-file", "-e", `${ref}:schema/api.graphql`)) return null;
  return git("show", `${ref}:schema/api.graphql`);
}
