import { ACCESS_TOKEN } from "@booking/contracts";
import { SignJWT, generateKeyPair } from "jose";
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

describe("a JWKS fetch that fails", () => {
  let customer: SignedIn;
  let own: TestSupergraph;
  const CATALOG = `{ businesses(first: 1) { totalCount } }`;

  beforeAll(async () => {
    // JWKS_CACHE_MS=0: the router fetches the JWKS again at every verification, so once
    // users is down every token goes through the keys it fetched before.
    own = await startTestSupergraph({ routerEnv: { JWKS_CACHE_MS: "0" } });
    customer = await signUp(own);
  }, 60_000);
  afterAll(async () => own?.stop());

  /** A token like users' own for `userId`, signed with a key users never published. */
  async function signedWithUnknownKey(userId: string): Promise<string> {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ role: "CUSTOMER", iatMs: Date.now() })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: "a-key-users-never-had", typ: "JWT" })
      .setSubject(userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
  }

  /** The same token with one character of its signature changed. */
  function forged(token: string): string {
    const [header, payload, signature] = token.split(".");
    const middle = Math.floor(signature!.length / 2);
    return [header, payload, `${signature!.slice(0, middle)}${signature![middle] === "A" ? "B" : "A"}${signature!.slice(middle + 1)}`].join(".");
  }

  it("verifies tokens with the keys it already has while users is down, and blames the outage for a key it never saw", async () => {
    const stranger = await signedWithUnknownKey(customer.id);
    // users up: the router learns the keys and the viewer's status; an unknown key is a bad token
    expect((await own.request(`{ me { id } }`, {}, { token: customer.accessToken })).data?.me).toEqual({ id: customer.id });
    expect(codeOf(await own.request(CATALOG, {}, { token: stranger }))).toBe("UNAUTHENTICATED");

    await own.subgraphs.users.stop();
    const known = await own.request(CATALOG, {}, { token: customer.accessToken });
    expect(known.errors).toBeUndefined();
    expect(known.data).toEqual({ businesses: { totalCount: 0 } });
    // a key it never saw might be users' newest: users is to blame, not the token
    expect(codeOf(await own.request(CATALOG, {}, { token: stranger }))).toBe("SERVICE_UNAVAILABLE");
    // a known key whose signature does not match is a bad token, outage or not
    expect(codeOf(await own.request(CATALOG, {}, { token: forged(customer.accessToken) }))).toBe("UNAUTHENTICATED");
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
