import { readFile, readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { isoDay } from "../support/time.js";
import { codeOf, codesOf } from "../support/errors.js";

let system: TestSupergraph;
beforeAll(async () => {
  system = await startTestSupergraph();
});
afterAll(async () => system?.stop());

describe("query limits: what a hostile client cannot make the router do", () => {
  it("refuses documents nested too deep", async () => {
    const levels = Array.from({ length: 8 }, () => "business { owner {").join(" ");
    const deep = `{ me { ${levels} id ${"} } ".repeat(8)} } }`;
    const result = await system.request(deep);
    expect(codesOf(result), JSON.stringify(result.errors)).toContain("QUERY_TOO_COMPLEX");
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

  it("refuses nested lists whose answer could hold too many rows, and allows sensible ones", async () => {
    const fanOut = `{ businesses(first: 100) { edges { node { id resources(first: 100) { edges { node { id bookings(first: 100) { totalCount } } } } } } } }`;
    expect(codeOf(await system.request(fanOut))).toBe("QUERY_TOO_COMPLEX");
    const sensible = await system.request(`{ businesses(first: 10) { edges { node { id name resources(first: 20) { edges { node { id name price { amount currency } } } } } } } }`);
    expect(sensible.errors).toBeUndefined();
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

describe("requests a client gets wrong", () => {
  const post = (body: string, contentType = "application/json") =>
    fetch(system.router.url, { method: "POST", headers: { "content-type": contentType }, body }).then(async (response) => ({ status: response.status, body: (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] } }));

  it("answers a body that is not JSON with BAD_USER_INPUT, as JSON", async () => {
    const answer = await post("{not json");
    expect(answer.status).toBe(400);
    expect(codeOf(answer.body)).toBe("BAD_USER_INPUT");
  });

  it("answers batches, other content types and mutations over GET with BAD_USER_INPUT", async () => {
    expect(codeOf((await post(JSON.stringify([{ query: "{ me { id } }" }]))).body)).toBe("BAD_USER_INPUT");
    expect(codeOf((await post(JSON.stringify({ query: "{ me { id } }" }), "text/plain")).body)).toBe("BAD_USER_INPUT");
    const viaGet = await fetch(`${system.router.url}?query=${encodeURIComponent("mutation { logoutAll }")}`);
    expect(codeOf((await viaGet.json()) as never)).toBe("BAD_USER_INPUT");
  });

  it("serves queries over GET", async () => {
    const viaGet = await fetch(`${system.router.url}?query=${encodeURIComponent("{ me { id } }")}`);
    expect(await viaGet.json()).toEqual({ data: { me: null } });
  });
});

describe("values a subgraph cannot read", () => {
  it("answers malformed Decimal, DateTime and JSON values with BAD_USER_INPUT, in variables and literals", async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`query($f: ResourceFilter) { resources(filter: $f) { totalCount } }`, { f: { minPrice: "cheap" } }],
      [`query($f: ResourceFilter) { resources(filter: $f) { totalCount } }`, { f: { maxPrice: 1.5 } }],
      [`{ resources(filter: { minPrice: "cheap" }) { totalCount } }`, {}],
      [`mutation($s: DateTime!, $e: DateTime!) { blockResource(resourceId: "x", start: $s, end: $e) { id } }`, { s: "yesterday", e: `${isoDay(40)}T00:00:00Z` }],
      [`mutation($s: DateTime!) { blockResource(resourceId: "x", start: $s, end: "${isoDay(40)}T10:00") { id } }`, { s: `${isoDay(40)}T09:00:00Z` }],
      [`mutation($i: CreateResourceInput!) { createResource(businessId: "x", input: $i) { id } }`, { i: { name: "A", type: "DESK", price: "1.00", priceUnit: "HOUR", metadata: "not an object" } }],
    ];
    for (const [query, variables] of cases) {
      const result = await system.request(query, variables);
      expect(codeOf(result), `${query} ${JSON.stringify(variables)}: ${JSON.stringify(result.errors)}`).toBe("BAD_USER_INPUT");
    }
  });
});
