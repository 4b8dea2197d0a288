import { readFile } from "node:fs/promises";
import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

let system: TestSupergraph;
let production: RunningRouter;

beforeAll(async () => {
  system = await startTestSupergraph();
  production = await startRouter(
    readRouterConfig({
      PORT: "0",
      NODE_ENV: "production",
      INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      ...Object.fromEntries(Object.entries(system.subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url])),
    }),
  );
}, 60_000);
afterAll(async () => {
  await production?.stop();
  await system?.stop();
});

describe("GET /reference", () => {
  it("serves the generated schema reference outside production, beside the IDE", async () => {
    const response = await fetch(system.router.url.replace(/\/graphql$/, "/reference"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toBe(await readFile(new URL("../../schema/reference.html", import.meta.url), "utf8"));
  });

  it("is not served in production, like introspection", async () => {
    expect((await fetch(production.url.replace(/\/graphql$/, "/reference"))).status).toBe(404);
  });
});
