import { readFile } from "node:fs/promises";
import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book } from "../support/bookings.js";
import { makeActiveBusiness, makeResource } from "../support/factories.js";
import { subscribeOverSse, waitForResults } from "../support/sse.js";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { daysFromNow } from "../support/time.js";
import { waitFor } from "../support/wait.js";
import { collect, openWebSocket } from "../support/websocket.js";
import { codeOf, subscriptionCodeOf } from "../support/errors.js";

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

let system: TestSupergraph;
let enforcing: RunningRouter;
let customer: SignedIn;
let resourceId: string;
let manifest: Map<string, ManifestOperation>;

const routerEnv = (system: TestSupergraph, env: Record<string, string>) => ({
  PORT: "0",
  NODE_ENV: "test",
  INTERNAL_SECRET: TEST_INTERNAL_SECRET,
  ...Object.fromEntries(Object.entries(system.subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url])),
  AUTH_STATUS_CACHE_MS: "0",
  ...env,
});

beforeAll(async () => {
  system = await startTestSupergraph(); // TRUSTED_DOCUMENTS unset: off
  enforcing = await startRouter(readRouterConfig(routerEnv(system, { TRUSTED_DOCUMENTS: "enforce" })));
  const owner = await makeActiveBusiness(system, { name: "Trusted Rooms", type: "CO_WORKING", timezone: "Europe/Rome" });
  resourceId = (await makeResource(system, owner, { name: "Booth", type: "DESK", price: "5.00", currency: "EUR", priceUnit: "HOUR", capacity: 5 })).resource.id;
  customer = await signUp(system);
  const parsed = JSON.parse(await readFile(new URL("../../schema/operations.manifest.json", import.meta.url), "utf8")) as { operations: ManifestOperation[] };
  manifest = new Map(parsed.operations.map((operation) => [operation.name, operation]));
}, 60_000);
afterAll(async () => {
  await enforcing?.stop();
  await system?.stop();
});

const operation = (name: string) => manifest.get(name)!;
const byHash = (name: string) => ({ persistedQuery: { version: 1, sha256Hash: operation(name).id } });

async function post(url: string, body: Record<string, unknown>, token?: string) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

async function get(url: string, params: Record<string, string>, token?: string) {
  const response = await fetch(`${url}?${new URLSearchParams(params)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

let hour = 0;
function nextSlot() {
  hour += 1;
  const start = daysFromNow(90, 8 + hour);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() };
}

describe("TRUSTED_DOCUMENTS=enforce", () => {
  it("runs a manifest operation sent by its hash alone, over POST and GET", async () => {
    const posted = await post(enforcing.url, { operationName: "Me", extensions: byHash("Me") }, customer.accessToken);
    expect(posted.body).toEqual({ data: { me: expect.objectContaining({ id: customer.id, email: customer.email }) } });
    const got = await get(enforcing.url, { operationName: "Me", extensions: JSON.stringify(byHash("Me")) }, customer.accessToken);
    expect(got.body.data?.me.id).toBe(customer.id);
  });

  it("runs a manifest operation sent in full, byte for byte its body (with or without its hash)", async () => {
    expect((await post(enforcing.url, { query: operation("Me").body }, customer.accessToken)).body.data?.me.id).toBe(customer.id);
    expect((await post(enforcing.url, { query: operation("Me").body, extensions: byHash("Me") }, customer.accessToken)).body.data?.me.id).toBe(customer.id);
  });

  it("refuses anything else with OPERATION_NOT_ALLOWED: ad-hoc, reformatted, an unknown hash, over POST and GET", async () => {
    const refused = [
      await post(enforcing.url, { query: "{ me { id } }" }, customer.accessToken),
      await post(enforcing.url, { query: `${operation("Me").body}\n` }, customer.accessToken),
      await post(enforcing.url, { query: operation("Me").body.replace("  ", " ") }, customer.accessToken),
      await post(enforcing.url, { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, customer.accessToken),
      await post(enforcing.url, { query: "mutation { logoutAll }" }, customer.accessToken),
      await get(enforcing.url, { query: "{ me { id } }" }, customer.accessToken),
    ];
    for (const result of refused) expect({ status: result.status, code: codeOf(result.body), data: result.body.data }).toEqual({ status: 400, code: "OPERATION_NOT_ALLOWED", data: undefined });
  });

  it("applies over WebSocket alike: the manifest's subscription by text or by hash runs, an ad-hoc one is refused", async () => {
    const socket = openWebSocket(enforcing.url, customer.accessToken);
    await socket.connected;
    const byText = collect(socket.client, operation("MyBookingEvents").body);
    const hashed: { data?: any }[] = [];
    // graphql-ws requires a query string: empty, with the hash in extensions.
    socket.client.subscribe({ query: "", extensions: byHash("MyBookingEvents") }, { next: (value) => void hashed.push(value as never), error: () => undefined, complete: () => undefined });
    const adHoc = collect(socket.client, "subscription { myBookingEvents { type } }");
    await adHoc.done;
    expect(adHoc.error).toHaveLength(1);
    expect(subscriptionCodeOf(adHoc)).toBe("OPERATION_NOT_ALLOWED");

    await new Promise((resolve) => setTimeout(resolve, 200));
    const booking = await book(system, customer.accessToken, { resourceId, ...nextSlot() });
    await waitFor(() => byText.results.length > 0 && hashed.length > 0, 3_000, "the event on both subscriptions");
    expect(byText.results[0]?.data.myBookingEvents).toMatchObject({ type: "CREATED", booking: { id: booking.id } });
    expect(hashed[0]?.data.myBookingEvents).toMatchObject({ type: "CREATED", booking: { id: booking.id } });
    await socket.client.dispose();
  });

  it("applies over Server-Sent Events alike", async () => {
    const adHoc = subscribeOverSse(enforcing.url, customer.accessToken, "subscription { myBookingEvents { type } }");
    await waitForResults(adHoc, 1);
    expect(codeOf(adHoc.results[0])).toBe("OPERATION_NOT_ALLOWED");
    adHoc.close();
    const trusted = subscribeOverSse(enforcing.url, customer.accessToken, operation("MyBookingEvents").body);
    await trusted.connected;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const booking = await book(system, customer.accessToken, { resourceId, ...nextSlot() });
    await waitForResults(trusted, 1);
    expect(trusted.results[0]?.data.myBookingEvents).toMatchObject({ type: "CREATED", booking: { id: booking.id } });
    trusted.close();
  });
});

describe("TRUSTED_DOCUMENTS=off (the default)", () => {
  it("runs any valid document, and a known hash alone runs its manifest document", async () => {
    expect((await post(system.router.url, { query: "{ me { id } }" }, customer.accessToken)).body).toEqual({ data: { me: { id: customer.id } } });
    expect((await post(system.router.url, { extensions: byHash("Me") }, customer.accessToken)).body.data?.me).toMatchObject({ id: customer.id, email: customer.email });
  });

  it("answers an unknown hash alone with PERSISTED_QUERY_NOT_FOUND, and does not learn it from a client", async () => {
    const unknown = { persistedQuery: { version: 1, sha256Hash: "ab".repeat(32) } };
    expect(codeOf((await post(system.router.url, { extensions: unknown }, customer.accessToken)).body)).toBe("PERSISTED_QUERY_NOT_FOUND");
    // An Apollo client's retry with the text runs the text; the hash stays unknown (no cache any client can fill).
    expect((await post(system.router.url, { query: "{ me { id } }", extensions: unknown }, customer.accessToken)).body.data?.me.id).toBe(customer.id);
    expect(codeOf((await post(system.router.url, { extensions: unknown }, customer.accessToken)).body)).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("TRUSTED_DOCUMENTS configuration", () => {
  it("is off when unset or empty, and a value other than off or enforce stops the router naming it", () => {
    const base = { INTERNAL_SECRET: TEST_INTERNAL_SECRET };
    expect(readRouterConfig(base).trustedDocuments).toBe("off");
    expect(readRouterConfig({ ...base, TRUSTED_DOCUMENTS: "" }).trustedDocuments).toBe("off");
    expect(readRouterConfig({ ...base, TRUSTED_DOCUMENTS: "enforce" }).trustedDocuments).toBe("enforce");
    expect(() => readRouterConfig({ ...base, TRUSTED_DOCUMENTS: "on" })).toThrow(/TRUSTED_DOCUMENTS/);
  });
});
