import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Kind, parse, print, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as sdk from "../sdk/dist/index.js";
import { MANIFEST_PATH, buildOperationsManifest, manifestFiles, sha256Hex, type OperationsManifest } from "../scripts/dist/operations-manifest.js";
import { SCHEMA_DIR } from "../scripts/dist/supergraph.js";

const committed = async (): Promise<OperationsManifest> => JSON.parse(await readFile(MANIFEST_PATH, "utf8"));

describe("schema/operations.manifest.json (trusted documents)", () => {
  it("is what npm run manifest makes of schema/operations (run it when this fails)", async () => {
    for (const [file, content] of Object.entries(await manifestFiles())) {
      expect(await readFile(file, "utf8").catch(() => "(missing)"), `${path.relative(SCHEMA_DIR, file)} is stale`).toBe(content);
    }
  });

  it("holds every operation of schema/operations once, in Apollo's format, each id the sha256 of its body", async () => {
    const manifest = await committed();
    expect(manifest).toMatchObject({ format: "apollo-persisted-query-manifest", version: 1 });
    const declared: string[] = [];
    for (const file of await readdir(path.join(SCHEMA_DIR, "operations"))) {
      for (const definition of parse(await readFile(path.join(SCHEMA_DIR, "operations", file), "utf8")).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) declared.push(definition.name!.value);
      }
    }
    expect(manifest.operations.map((operation) => operation.name).sort()).toEqual(declared.sort());
    for (const operation of manifest.operations) {
      expect(operation.id, operation.name).toBe(sha256Hex(operation.body));
      expect(["query", "mutation", "subscription"]).toContain(operation.type);
    }
  });

  it("has, as each body, exactly the text the SDK's typed document prints to", async () => {
    const documents = new Map(
      Object.entries(sdk)
        .filter(([name]) => name.endsWith("Document"))
        .map(([name, document]) => [name.slice(0, -"Document".length), print(document as DocumentNode)]),
    );
    for (const operation of (await committed()).operations) expect(documents.get(operation.name), operation.name).toBe(operation.body);
    expect(documents.size).toBe((await committed()).operations.length);
  });

  it("goes stale when an operations file is added, so the test above fails until it is regenerated", async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), "operations-"));
    try {
      await cp(path.join(SCHEMA_DIR, "operations"), copy, { recursive: true });
      await writeFile(path.join(copy, "waitlist.graphql"), "query MyWaitlist { me { id } }\n");
      const grown = await buildOperationsManifest(copy);
      expect(grown.operations.map((operation) => operation.name)).toContain("MyWaitlist");
      expect(grown).not.toEqual(await committed());
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
