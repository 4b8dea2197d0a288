import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compareSchemas } from "../scripts/dist/schema-compatibility.js";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../scripts/dist/schema-check.js", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/schema-check/${name}.graphql`, import.meta.url));
const sdl = (name: string) => readFile(fixture(name), "utf8");

/** Runs `npm run schema:check`'s script as CI does and returns its exit code and output. */
async function schemaCheck(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, ...args], { cwd: fileURLToPath(new URL("..", import.meta.url)) });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

describe("schema compatibility (graphql-inspector)", () => {
  it("calls a new required argument and a new required input field breaking, which the old hand-written test missed", async () => {
    const base = await sdl("base");
    expect((await compareSchemas(base, await sdl("new-required-argument"))).breaking).toEqual([
      expect.objectContaining({ level: "BREAKING", path: "Query.resources.businessId" }),
    ]);
    expect((await compareSchemas(base, await sdl("new-required-input-field"))).breaking).toEqual([
      expect.objectContaining({ level: "BREAKING", path: "CreateBookingInput.quantity" }),
    ]);
  });

  it("lets additions through, reporting a new optional argument and a new enum value as dangerous only", async () => {
    const base = await sdl("base");
    // inspector counts any new argument as dangerous: a client's own resolvers may not expect it.
    expect(await compareSchemas(base, await sdl("additive"))).toEqual({ breaking: [], dangerous: [expect.objectContaining({ path: "Query.resources.after" })] });
    const enumValue = await compareSchemas(base, await sdl("new-enum-value"));
    expect(enumValue.breaking).toEqual([]);
    expect(enumValue.dangerous).toEqual([expect.objectContaining({ path: "ResourceStatus.DELETED" })]);
  });

  it("accepts a removal only at, or under, a coordinate it is told is not built yet", async () => {
    const withoutStatus = (await sdl("base")).replace("  status: ResourceStatus!\n", "");
    expect((await compareSchemas(await sdl("base"), withoutStatus)).breaking.map((change) => change.path)).toEqual(["Resource.status"]);
    expect((await compareSchemas(await sdl("base"), withoutStatus, ["Resource.status"])).breaking).toEqual([]);
    expect((await compareSchemas(await sdl("base"), withoutStatus, ["Resource.stat"])).breaking).toHaveLength(1);
  });
});

describe("npm run schema:check", () => {
  it("exits non-zero on a breaking change between two schemas, naming it", async () => {
    const result = await schemaCheck("--old", fixture("base"), "--new", fixture("new-required-argument"));
    expect(result.code).toBe(1);
    expect(result.output).toContain("BREAKING  Query.resources.businessId");
  });

  it("exits zero on a dangerous change, and reports it", async () => {
    const result = await schemaCheck("--old", fixture("base"), "--new", fixture("new-enum-value"));
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining("DANGEROUS ResourceStatus.DELETED") });
  });

  it("passes on this commit: the composed schema keeps the contract and the previous commit's schema", async () => {
    const result = await schemaCheck();
    expect(result.output).toContain("contract api.graphql -> composed API schema: 0 breaking");
    expect(result.code, result.output).toBe(0);
  }, 60_000);
});
