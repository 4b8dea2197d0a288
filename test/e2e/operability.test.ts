import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { codeOf, codesOf } from "../support/errors.js";

/** Operating the router (contract: "Operating it"): liveness, CORS, the offline IDE, outages in contract terms. */

const ALLOWED = "https://app.example.com";
let system: TestSupergraph;

beforeAll(async () => {
  system = await startTestSupergraph({ routerEnv: { CORS_ORIGINS: `${ALLOWED}, https://admin.example.com` } });
}, 60_000);
afterAll(async () => system?.stop());

const routerUrl = (path: string) => new URL(path, system.router.url).toString();

describe("health", () => {
  it("answers /health/live while the process runs", async () => {
    const response = await fetch(routerUrl("/health/live"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "live" });
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    fetch(routerUrl("/graphql"), { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" } });

  it("answers a preflight from an allowed origin with that origin", async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    const post = await fetch(system.router.url, { method: "POST", headers: { origin: ALLOWED, "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(post.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });

  it("gives any other origin no CORS headers, so the browser refuses", async () => {
    const response = await preflight("https://evil.example.net");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const post = await fetch(system.router.url, { method: "POST", headers: { origin: "https://evil.example.net", "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("errors in production", () => {
  it("suggest no field names, and development still does", async () => {
    const production = await startTestSupergraph({ routerEnv: { NODE_ENV: "production" } });
    try {
      const typo = `{ businesses(first: 1) { totalCont } }`;
      const hidden = await production.request(typo);
      expect(codeOf(hidden)).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(hidden.errors)).not.toMatch(/Did you mean|totalCount/);
      const shown = await system.request(typo);
      expect(shown.errors?.[0]?.message).toMatch(/Did you mean "totalCount"/);
    } finally {
      await production.stop();
    }
  }, 60_000);
});

describe("a subgraph that refuses the router's signature", () => {
  it("reaches clients as SERVICE_UNAVAILABLE, with no URL, status or upstream body", async () => {
    // The router signs with another secret (a rotation half done): every subgraph answers 401.
    const skewed = await startTestSupergraph({ routerEnv: { INTERNAL_SECRET: "another-secret-that-is-long-enough-0123456789" } });
    try {
      const result = await skewed.request(`{ businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }`);
      expect(codesOf(result)).toEqual(["SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"]);
      const text = JSON.stringify(result);
      for (const leak of ["127.0.0.1", "http", "401", "response", "signature", "Unauthorized"]) expect(text, leak).not.toContain(leak);
    } finally {
      await skewed.stop();
    }
  }, 60_000);
});

describe("a users outage", () => {
  let customer: SignedIn;
  let own: TestSupergraph;

  beforeAll(async () => {
    own = await startTestSupergraph();
    customer = await signUp(own);
  }, 60_000);
  afterAll(async () => own?.stop());

  it("still serves a signed-in viewer the fields other subgraphs own, and fails only users' fields", async () => {
    const before = await own.request(`{ me { id } businesses(first: 1) { totalCount } }`, {}, { token: customer.accessToken });
    expect(before.errors).toBeUndefined();
    await own.subgraphs.users.stop();

    const during = await own.request(`{ businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }`, {}, { token: customer.accessToken });
    expect(during.errors).toBeUndefined();
    expect(during.data).toEqual({ businesses: { totalCount: 0 }, resources: { totalCount: 0 } });

    const me = await own.request(`{ me { id } businesses(first: 1) { totalCount } }`, {}, { token: customer.accessToken });
    expect(codesOf(me)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(me.data?.businesses).toEqual({ totalCount: 0 });
  });
});

describe("the IDE", () => {
  const chromium = "/usr/bin/chromium";

  it("serves GraphiQL from the router's own files, and runs a query with no network beyond localhost", async (context) => {
    if (!existsSync(chromium)) {
      console.log(`skipped the IDE browser test: ${chromium} is not installed (apt-get install chromium; .ci/run does)`);
      return context.skip();
    }
    const { chromium: launcher } = await import("playwright-core");
    const browser = await launcher.launch({
      executablePath: chromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      // Anything not on this machine is refused, as with no internet at all, and recorded.
      await page.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (["127.0.0.1", "localhost"].includes(url.hostname) || url.protocol === "blob:" || url.protocol === "data:") return route.continue();
        elsewhere.push(url.toString());
        return route.abort();
      });
      const response = await page.goto(routerUrl("/graphql"));
      expect(response?.status()).toBe(200);
      await page.locator(".graphiql-execute-button").click({ timeout: 30_000 });
      await expect.poll(async () => page.locator(".graphiql-response").innerText(), { timeout: 30_000 }).toContain('"totalCount"');
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it("leaves GET queries to the endpoint, and is not served in production", async () => {
    const query = await fetch(`${system.router.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/json" } });
    expect(await query.json()).toEqual({ data: { __typename: "Query" } });
    const production = await startTestSupergraph({ routerEnv: { NODE_ENV: "production" } });
    try {
      const page = await fetch(production.router.url, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("GraphiQL");
    } finally {
      await production.stop();
    }
  }, 60_000);
});
