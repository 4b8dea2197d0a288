import { Role, callInternal, type Viewer } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, type BusinessFacts } from "@booking/contracts";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/dist/embedded-postgres.js";
import { TEST_INTERNAL_SECRET, startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { waitFor } from "../../../test/support/wait.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";

type BusinessesDb = Awaited<ReturnType<typeof businessesSubgraph.connect>>;
type ResourcesDb = Awaited<ReturnType<typeof resourcesSubgraph.connect>>;

let businesses: TestSubgraph<BusinessesDb>;
let resources: TestSubgraph<ResourcesDb>;

beforeAll(async () => {
  resources = await startTestSubgraph(resourcesSubgraph);
  businesses = await startTestSubgraph(businessesSubgraph, { RESOURCES_URL: resources.url });
});
afterAll(async () => {
  await businesses?.stop();
  await resources?.stop();
});

const vendor = (): Viewer => ({ userId: randomUUID(), role: Role.VENDOR });
const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };

const CREATE = `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { id status } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateBusinessInput!) { updateBusiness(id: $id, input: $input) { id name } }`;
const VERIFY = `mutation($id: ID!) { verifyBusiness(id: $id) { id status } }`;
const SET_STATUS = `mutation($id: ID!, $status: BusinessStatus!) { setBusinessStatus(id: $id, status: $status) { id status } }`;

async function create(url: string, owner: Viewer, input: Record<string, unknown> = {}) {
  const result = await subgraphRequest(url, CREATE, { input: { name: "Facts Hotel", type: "HOTEL", city: "Porto", timezone: "Europe/Lisbon", ...input } }, { viewer: owner });
  expect(result.errors).toBeUndefined();
  return result.data.createBusiness as { id: string; status: string };
}

describe("business facts: versions and the outbox", () => {
  it("numbers every change and queues its facts in the same transaction; a change of nothing queues nothing", async () => {
    const owner = vendor();
    const { id } = await create(businesses.url, owner);
    expect((await businesses.db.business.findUniqueOrThrow({ where: { id } })).version).toBe(1n);

    expect((await subgraphRequest(businesses.url, UPDATE, { id, input: { name: "Renamed" } }, { viewer: owner })).errors).toBeUndefined();
    expect((await subgraphRequest(businesses.url, UPDATE, { id, input: { name: "Renamed" } }, { viewer: owner })).errors).toBeUndefined();
    expect((await subgraphRequest(businesses.url, VERIFY, { id }, { viewer: admin })).errors).toBeUndefined();
    // description is not replicated: a new version, but nothing to send
    expect((await subgraphRequest(businesses.url, UPDATE, { id, input: { description: "By the river" } }, { viewer: owner })).errors).toBeUndefined();
    const row = await businesses.db.business.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(4n);

    const replica = await resources.db.business.findUniqueOrThrow({ where: { id } });
    expect(replica).toMatchObject({ name: "Renamed", status: "ACTIVE", version: 3n, ownerId: owner.userId, city: "Porto", timezone: "Europe/Lisbon" });
    expect(await businesses.db.businessFactsOutbox.count({ where: { businessId: id } })).toBe(0);
  });

  it("queues nothing for a mutation that fails", async () => {
    const owner = vendor();
    const { id } = await create(businesses.url, owner);
    const before = await businesses.db.business.findUniqueOrThrow({ where: { id } });
    const failed = await subgraphRequest(businesses.url, UPDATE, { id, input: { name: "Ok", timezone: "Mars/Olympus" } }, { viewer: owner });
    expect(failureOf(failed)).toMatchObject({ code: "BAD_USER_INPUT", field: "timezone" });
    const forbidden = await subgraphRequest(businesses.url, SET_STATUS, { id, status: "SUSPENDED" }, { viewer: owner });
    expect(codeOf(forbidden)).toBe("FORBIDDEN");
    expect(await businesses.db.business.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await businesses.db.businessFactsOutbox.count({ where: { businessId: id } })).toBe(0);
  });

  it("bumps the version of changes made outside the API too (seeds, operators' SQL)", async () => {
    const { id } = await create(businesses.url, vendor());
    await businesses.db.$executeRaw`UPDATE businesses SET status = 'SUSPENDED', version = 99 WHERE id = ${id}::uuid`;
    const row = await businesses.db.business.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(2n);
    const queued = await businesses.db.businessFactsOutbox.findFirstOrThrow({ where: { businessId: id }, orderBy: { id: "desc" } });
    expect(queued.facts).toMatchObject({ id, status: "SUSPENDED", version: 2, updatedAt: row.updatedAt.toISOString() });
  });
});

describe("business facts: GET for resources", () => {
  it("answers the current facts of a business, and 404 for unknown and malformed ids", async () => {
    const owner = vendor();
    const { id } = await create(businesses.url, owner, { city: null });
    const facts = await callInternal<BusinessFacts>(businesses.url, BUSINESS_FACTS_GET_PATH, { businessId: id.toUpperCase() }, { audience: "businesses", internalSecret: TEST_INTERNAL_SECRET });
    const row = await businesses.db.business.findUniqueOrThrow({ where: { id } });
    expect(facts).toStrictEqual({
      id,
      ownerId: owner.userId,
      name: "Facts Hotel",
      type: "HOTEL",
      city: null,
      timezone: "Europe/Lisbon",
      status: "PENDING",
      version: 1,
      updatedAt: row.updatedAt.toISOString(),
    });
    for (const businessId of [randomUUID(), "nope", 7]) {
      expect(await callInternal(businesses.url, BUSINESS_FACTS_GET_PATH, { businessId }, { audience: "businesses", internalSecret: TEST_INTERNAL_SECRET })).toBeNull();
    }
  });
});

describe("business facts: delivery", () => {
  it("keeps changes while resources is down and delivers them, newest version winning, once it answers", async () => {
    const port = await freePort();
    // Tries at most a second apart: delivery after resources comes back does not depend on how
    // long its start took under load (with the default doubling it could wait 16 s and more).
    const lonely = await startTestSubgraph(businessesSubgraph, { RESOURCES_URL: `http://127.0.0.1:${port}/graphql`, BUSINESS_FACTS_MAX_BACKOFF_MS: "1000" });
    let late: TestSubgraph<ResourcesDb> | null = null;
    try {
      const owner = vendor();
      const started = Date.now();
      const { id } = await create(lonely.url, owner);
      expect((await subgraphRequest(lonely.url, UPDATE, { id, input: { name: "Second" } }, { viewer: owner })).errors).toBeUndefined();
      expect(Date.now() - started, "a mutation does not wait long for a dead resources").toBeLessThan(3_000);
      const waiting = await lonely.db.businessFactsOutbox.findMany({ where: { businessId: id } });
      expect(waiting).toHaveLength(2);
      expect(waiting.every((row) => row.attempts >= 1 && row.lastError !== null)).toBe(true);

      late = await startTestSubgraph(resourcesSubgraph, {}, port);
      const db = late.db;
      const replica = await waitFor(async () => {
        const row = await db.business.findUnique({ where: { id } });
        return row?.version === 2n ? row : undefined;
      }, 10_000);
      expect(replica).toMatchObject({ name: "Second", status: "PENDING", ownerId: owner.userId });
      await waitFor(async () => (await lonely.db.businessFactsOutbox.count({ where: { businessId: id } })) === 0, 10_000);
    } finally {
      await lonely.stop();
      await late?.stop();
    }
  }, 60_000);

  it("ignores stale and repeated facts in the replica", async () => {
    const owner = vendor();
    const { id } = await create(businesses.url, owner);
    expect((await subgraphRequest(businesses.url, VERIFY, { id }, { viewer: admin })).errors).toBeUndefined();
    const current = await callInternal<BusinessFacts>(businesses.url, BUSINESS_FACTS_GET_PATH, { businessId: id }, { audience: "businesses", internalSecret: TEST_INTERNAL_SECRET });
    expect(current?.version).toBe(2);
    const push = (facts: BusinessFacts[]) => callInternal<{ applied: number }>(resources.url, "/internal/business-facts", { facts }, { audience: "resources", internalSecret: TEST_INTERNAL_SECRET });
    expect(await push([{ ...current!, version: 1, status: "PENDING", name: "Stale" }])).toEqual({ applied: 0 });
    expect(await push([current!, current!])).toEqual({ applied: 0 });
    expect(await push([{ ...current!, version: 3, name: "Newer" }, { ...current!, version: 2, name: "Older" }])).toEqual({ applied: 1 });
    expect(await resources.db.business.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Newer", status: "ACTIVE", version: 3n });
  });
});
