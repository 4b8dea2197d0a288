import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book, localTime } from "../support/bookings.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { startSubgraphProxy, type SubgraphProxy } from "../support/subgraph-proxy.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { waitFor } from "../support/wait.js";

// What the router sends to subgraphs: identical queries and identical fetches in flight merge
// only for the same viewer, and an entity fetch carries each distinct representation once.

let system: TestSupergraph;
let users: SubgraphProxy;
let resources: SubgraphProxy;
let room: TestResource;
let customer: SignedIn;

beforeAll(async () => {
  [users, resources] = await Promise.all([startSubgraphProxy(), startSubgraphProxy()]);
  system = await startTestSupergraph({ routerEnv: { USERS_URL: users.url, RESOURCES_URL: resources.url } });
  users.forwardTo(system.subgraphs.users.url);
  resources.forwardTo(system.subgraphs.resources.url);
  room = await makeBookableResource(system, { name: "Room 7" });
  customer = await signUp(system, { prefix: "cust" });
});

afterEach(() => {
  users.release();
  resources.release();
});

afterAll(async () => {
  await system?.stop();
  await Promise.all([users?.stop(), resources?.stop()]);
});

/** The router's count of fetches to `subgraph` answered by an identical one in flight. */
async function sharedFetches(subgraph: string): Promise<number> {
  const text = await (await fetch(new URL("/metrics", system.router.url))).text();
  const line = text.split("\n").find((row) => row.startsWith("subgraph_fetches_shared_total{") && row.includes(`subgraph="${subgraph}"`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

/** The router's count of queries answered by an identical one in flight. */
async function sharedOperations(): Promise<number> {
  const text = await (await fetch(new URL("/metrics", system.router.url))).text();
  const line = text.split("\n").find((row) => row.startsWith("operations_shared_total{"));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

const CATALOG = `{ resources(first: 20) { edges { node { id name } } } }`;
// The same query spelled otherwise: a different document, planned into the same fetch.
const CATALOG_COMPACT = `{resources(first:20){edges{node{id name}}}}`;
const ME = `{ me { id username } }`;

/**
 * Two anonymous catalog requests, the second (`secondQuery`) sent while the first one's fetch is
 * held at resources and released once `merged` says it waits on the first: both answers, which
 * must be equal and hold one resources fetch between them.
 */
async function twoCatalogCallers(secondQuery: string, merged: () => Promise<boolean>, what: string): Promise<void> {
  resources.received.splice(0);
  resources.hold();
  const first = system.request(CATALOG);
  await waitFor(() => resources.held() === 1, 10_000, "the first catalog fetch");
  const second = system.request(secondQuery);
  await waitFor(merged, 10_000, what);
  resources.release();
  const [a, b] = await Promise.all([first, second]);
  expect(a.errors).toBeUndefined();
  expect(a.data.resources.edges.map((edge: any) => edge.node.name)).toContain("Room 7");
  expect(b).toEqual(a);
  expect(resources.received.filter((fetch) => fetch.body.query.includes("resources"))).toHaveLength(1);
}

describe("identical queries in flight", () => {
  it("run once for two anonymous callers of the same document and variables, and both get the answer", async () => {
    const operationsBefore = await sharedOperations();
    const fetchesBefore = await sharedFetches("resources");
    await twoCatalogCallers(CATALOG, async () => (await sharedOperations()) === operationsBefore + 1, "the second query to be merged");
    // merged before planning: no fetch was merged
    expect(await sharedFetches("resources")).toBe(fetchesBefore);
  });
});

describe("identical fetches in flight", () => {
  it("go to the subgraph once for two anonymous callers, and both get the answer", async () => {
    const sharedBefore = await sharedFetches("resources");
    // The second caller (another spelling, so its own query) waits on the first one's fetch: counted, not sent.
    await twoCatalogCallers(CATALOG_COMPACT, async () => (await sharedFetches("resources")) === sharedBefore + 1, "the second fetch to be merged");
  });

  it("go out once per user for two users, and each gets their own data (their queries run apart too)", async () => {
    const other = await signUp(system, { prefix: "other" });
    const sharedBefore = await sharedFetches("users");
    const operationsBefore = await sharedOperations();
    users.received.splice(0);
    users.hold();
    const mine = system.request(ME, {}, { token: customer.accessToken });
    const theirs = system.request(ME, {}, { token: other.accessToken });
    // Merged, the second would never reach the subgraph and this would time out.
    await waitFor(() => users.held() === 2, 10_000, "both users' fetches");
    users.release();
    const [a, b] = await Promise.all([mine, theirs]);
    expect(a.data.me).toEqual({ id: customer.id, username: customer.username });
    expect(b.data.me).toEqual({ id: other.id, username: other.username });
    expect(new Set(users.received.map((fetch) => fetch.caller)).size).toBe(2);
    expect(await sharedFetches("users")).toBe(sharedBefore);
    expect(await sharedOperations()).toBe(operationsBefore);
  });
});

describe("entity fetches", () => {
  it("send each distinct representation once and fan the answer out to every entity, in order", async () => {
    const ids: string[] = [];
    for (const day of [10, 11, 12, 13]) {
      ids.push((await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: localTime("Europe/Lisbon", day, "10:00"), endTime: localTime("Europe/Lisbon", day, "11:00") })).id);
    }
    users.received.splice(0);
    const result = await system.request(
      `query($id: ID!) { business(id: $id) { bookings(first: 10) { edges { node { id customer { id username } } } } } }`,
      { id: room.business.id },
      { token: room.vendor.accessToken },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data.business.bookings.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.id).sort()).toEqual([...ids].sort());
    for (const node of nodes) expect(node.customer).toEqual({ id: customer.id, username: customer.username });
    const entityFetches = users.received.filter((fetch) => fetch.body.variables?.representations);
    expect(entityFetches).toHaveLength(1);
    expect(entityFetches[0]!.body.variables!.representations).toEqual([{ __typename: "User", id: customer.id }]);
  });
});
