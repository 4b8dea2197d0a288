import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import codegenConfig from "../codegen.js";
import { NOT_BUILT_YET, againstNotBuiltYet } from "./support/not-built-yet.js";
import { compareSchemas } from "../scripts/dist/schema-compatibility.js";
import { SCHEMA_DIR, composeSchemas } from "../scripts/dist/supergraph.js";

const CONTRACT_DIR = path.resolve(SCHEMA_DIR, "../../shared/contract");

describe("schema/", () => {
  it("is what composing the subgraphs' current code produces (run npm run compose when this fails)", async () => {
    const { files } = await composeSchemas();
    for (const [relative, content] of Object.entries(files)) {
      const committed = await readFile(path.join(SCHEMA_DIR, relative), "utf8").catch(() => "(missing)");
      expect(committed, `schema/${relative} is stale`).toBe(content);
    }
  });

  it("has a typed SDK generated from the current schema and operations (run npm run codegen when this fails)", async () => {
    const root = path.resolve(SCHEMA_DIR, "..");
    const outputs = await generate({ ...codegenConfig, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = await readFile(path.resolve(root, output.filename), "utf8").catch(() => "(missing)");
      expect(committed, `${output.filename} is stale`).toBe(output.content);
    }
    expect(outputs[0]!.content).toContain("export const CreateBookingDocument");
  });

  it("validates every contract operation against the API schema", async () => {
    const api = buildSchema(await readFile(path.join(SCHEMA_DIR, "api.graphql"), "utf8"));
    const files = (await readdir(path.join(SCHEMA_DIR, "operations"))).filter((file) => file.endsWith(".graphql"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    let operations = 0;
    for (const file of files) {
      const document = parse(await readFile(path.join(SCHEMA_DIR, "operations", file), "utf8"));
      operations += document.definitions.filter((definition) => definition.kind === "OperationDefinition").length;
      expect(validate(api, document).map((error) => `${file}: ${error.message}`)).toEqual([]);
    }
    expect(operations).toBeGreaterThanOrEqual(40);
  });

  it("keeps the copied operations identical to the contract's", async () => {
    const contract = await readdir(path.join(CONTRACT_DIR, "operations")).catch(() => null);
    if (!contract) return expect.soft(contract, "../shared/contract is not beside the repo").not.toBeNull();
    const missing: string[] = [];
    for (const file of contract) {
      const copied = await readFile(path.join(SCHEMA_DIR, "operations", file), "utf8").catch(() => null);
      if (copied === null) missing.push(`operations/${file}`);
      else expect(copied, file).toBe(await readFile(path.join(CONTRACT_DIR, "operations", file), "utf8"));
    }
    expect(againstNotBuiltYet(missing, (part) => part.startsWith("operations/"))).toEqual({ missingButNotListed: [], listedButBuilt: [] });
  });

  it("exposes every type, field, argument and enum value of the contract's api.graphql, unchanged", async () => {
    const contractSdl = await readFile(path.join(CONTRACT_DIR, "api.graphql"), "utf8").catch(() => null);
    if (!contractSdl) return expect.soft(contractSdl, "../shared/contract is not beside the repo").not.toBeNull();
    const contract = buildSchema(contractSdl);
    const api = buildSchema(await readFile(path.join(SCHEMA_DIR, "api.graphql"), "utf8"));
    const missing: string[] = [];
    for (const type of Object.values(contract.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      const ours = api.getType(type.name);
      if (!ours) {
        missing.push(type.name);
        continue;
      }
      if ("getValues" in type && "getValues" in ours) {
        const values = new Set(ours.getValues().map((value) => value.name));
        for (const value of type.getValues()) if (!values.has(value.name)) missing.push(`${type.name}.${value.name}`);
      }
      if ("getFields" in type && "getFields" in ours) {
        const fields = ours.getFields() as Record<string, { type: unknown; args?: readonly { name: string; type: unknown }[] }>;
        for (const field of Object.values(type.getFields()) as { name: string; type: unknown; args?: readonly { name: string; type: unknown }[] }[]) {
          const mine = fields[field.name];
          if (!mine) missing.push(`${type.name}.${field.name}`);
          else if (String(mine.type) !== String(field.type)) missing.push(`${type.name}.${field.name}: ${String(mine.type)} instead of ${String(field.type)}`);
          else
            for (const arg of field.args ?? []) {
              const ourArg = mine.args?.find((candidate) => candidate.name === arg.name);
              if (!ourArg || String(ourArg.type) !== String(arg.type)) missing.push(`${type.name}.${field.name}(${arg.name}: ${String(arg.type)})`);
            }
        }
      }
    }
    expect(againstNotBuiltYet(missing, (part) => !part.startsWith("operation"))).toEqual({ missingButNotListed: [], listedButBuilt: [] });
  });

  it("breaks no client of the contract's api.graphql, by graphql-inspector's rules (a new required argument or input field too)", async () => {
    const contractSdl = await readFile(path.join(CONTRACT_DIR, "api.graphql"), "utf8").catch(() => null);
    if (!contractSdl) return expect.soft(contractSdl, "../shared/contract is not beside the repo").not.toBeNull();
    const api = await readFile(path.join(SCHEMA_DIR, "api.graphql"), "utf8");
    expect((await compareSchemas(contractSdl, api, Object.keys(NOT_BUILT_YET))).breaking).toEqual([]);
  });
});
