import { readFile, readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

let system: TestSupergraph;
beforeAll(async () => {
  system = await startTestSupergraph();
});
afterAll(async () => system?.stop());

const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe("query limits: what a hostile client cannot make the router do", () => {
  it("refuses documents nested too deep", async () => {
    const levels = Array.from({ length: 8 }, () => "business { owner {").join(" ");
    const deep = `{ me { ${levels} id ${"} } ".repeat(8)} } }`;
    const result = await system.request(deep);
    expect(result.errors?.map((error) => error.extensions?.code), JSON.stringify(result.errors)).toContain("QUERY_TOO_COMPLEX");
  });

  it("refuses alias floods", async () => {
    const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: me { id }`).join(" ");
    expect(codeOf(await system.request(`{ ${aliases} }`))).toBe("QUERY_TOO_COMPLEX");
  });

  it("refuses oversized documents before parsing them", async () => {
    const fields = Array.from({ length: 3500 }, () => "__typename").join(" ");
    const response = await system.request(`{ ${fields} }`);
    expect(codeOf(response)).toBe("QUERY_TOO_COMPLEX");
  });

  it("refuses directive floods", async () => {
    const directives = Array.from({ length: 60 }, () => "@include(if: true)").join(" ");
    expect(codeOf(await system.request(`{ me ${directives} { id } }`))).toBe("QUERY_TOO_COMPLEX");
  });

  it("still accepts every contract operation", async () => {
    const folder = new URL("../../schema/operations/", import.meta.url);
    for (const file of await readdir(folder)) {
      const document = await readFile(new URL(file, folder), "utf8");
      const { buildSchema, parse, validate, specifiedRules } = await import("graphql");
      const { queryLimitRules } = await import("../../router/dist/query-limits.js");
      const api = buildSchema(await readFile(new URL("../api.graphql", folder), "utf8"));
      expect(validate(api, parse(document), [...specifiedRules, ...queryLimitRules()]).map((error) => `${file}: ${error.message}`)).toEqual([]);
    }
  });
});
