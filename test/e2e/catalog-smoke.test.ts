import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE, makeActiveBusiness, makeResource, ok } from "../support/catalog.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

let system: TestSupergraph;
beforeAll(async () => {
  system = await startTestSupergraph();
});
afterAll(async () => system?.stop());

describe("smoke", () => {
  it("works", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const resource = await makeResource(system, vendor, business.id);
    const seen = ok(await system.request(RESOURCE, { id: resource.id }));
    expect(seen.resource.id).toBe(resource.id);
    console.log(JSON.stringify(seen));
  });
});
