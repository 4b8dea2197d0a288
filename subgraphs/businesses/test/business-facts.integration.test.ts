import { Role, callInternal, type Viewer } from "@booking/common";
import { BUSINESS_FACTS_GET_PATH, type BusinessFacts } from "@booking/contracts";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import { handleDelivery, type EventEnvelope } from "@booking/events";
import { businessFactsConsumerOn } from "@booking/resources/consumers";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBackboneFor, jetStreamUnavailable, type EventEngine } from "../../../test/support/events.js";
import { TEST_INTERNAL_SECRET, startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { waitFor } from "../../../test/support/wait.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";

type BusinessesDb = Awaited<ReturnType<typeof businessesSubgraph.connect>>;
type ResourcesDb = Awaited<ReturnType<typeof resourcesSubgraph.connect>>;

// Facts ride the event backbone: the same suite on both engines (JetStream's skipped, saying why,
// where no NATS answers).
const jetStreamSkip = await jetStreamUnavailable();
if (jetStreamSkip) console.log(`business facts over JetStream skipped: ${jetStreamSkip}`);
const ENGINES: { engine: EventEngine; skip: string | null }[] = [
  { engine: "pg-boss", skip: null },
  { engine: "jetstream", skip: jetStreamSkip },
];

const vendor = (): Viewer => ({ userId: randomUUID(), role: Role.VENDOR });
const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };

const CREATE = `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { id status } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateBusinessInput!) { updateBusiness(id: $id, input: $input) { id name } }`;
const VERIFY = `mutation($id: ID!) { verifyBusiness(id: $id) { id status } }`;
const SET_STATUS = `mutation($id: ID!, $status: BusinessStatus!) { setBusinessStatus(id: $id, status: $status) { id status } }`;

describe.each(ENGINES)("business facts on the event backbone ($engine)", ({ engine, skip }) => {
  let businesses: TestSubgraph<BusinessesDb>;
  let resources: TestSubgraph<ResourcesDb>;
  let backbone: Awaited<ReturnType<typeof eventBackboneFor>>;

  beforeAll(async () => {
    if (skip) return;
    backbone = await eventBackboneFor(engine);
    resources = await startTestSubgraph(resourcesSubgraph, backbone.env);
    businesses = await startTestSubgraph(businessesSubgraph, { ...backbone.env, RESOURCES_URL: resources.url });
  });
  afterAll(async () => {
    await businesses?.stop();
    await resources?.stop();
    await backbone?.cleanup();
  });

  async function create(owner: Viewer, input: Record<string, unknown> = {}) {
    const result = await subgraphRequest(businesses.url, CREATE, { input: { name: "Facts Hotel", type: "HOTEL", city: "Porto", timezone: "Europe/Lisbon", ...input } }, { viewer: owner });
    expect(result.errors).toBeUndefined();
    return result.data.createBusiness as { id: string; status: string };
  }
  async function update(owner: Viewer, id: string, input: Record<string, unknown>) {
    expect((await subgraphRequest(businesses.url, UPDATE, { id, input }, { viewer: owner })).errors).toBeUndefined();
  }
  /** The business.facts_changed events businesses published for one business, in the order they were written. */
  const published = (id: string) =>
    businesses.db.$queryRaw<{ id: string; occurred_at: Date; payload: BusinessFacts }[]>`
      SELECT id::text AS id, occurred_at, payload FROM events.event_outbox
      WHERE type = 'business.facts_changed' AND payload->>'id' = ${id} ORDER BY position`;
  const envelope = (row: { id: string; occurred_at: Date; payload: BusinessFacts }): EventEnvelope<any> => ({
    id: row.id,
    type: "business.facts_changed",
    source: "businesses",
    occurredAt: row.occurred_at.toISOString(),
    payload: row.payload,
  });
  /** Waits until the replica holds `version` of the business, and returns that row. */
  const replicaAt = (db: ResourcesDb, id: string, version: bigint) =>
    waitFor(async () => {
      const row = await db.business.findUnique({ where: { id } });
      return row?.version === version ? row : undefined;
    }, 15_000, `version ${version} in the replica`);

  describe.skipIf(skip !== null)("", () => {
    it("numbers every change and publishes its facts in the same transaction; a change of nothing replicated publishes nothing", async () => {
      const owner = vendor();
      const { id } = await create(owner);
      expect((await businesses.db.business.findUniqueOrThrow({ where: { id } })).version).toBe(1n);

      await update(owner, id, { name: "Renamed" });
      await update(owner, id, { name: "Renamed" });
      expect((await subgraphRequest(businesses.url, VERIFY, { id }, { viewer: admin })).errors).toBeUndefined();
      // description is not replicated: a new version, but nothing to publish
      await update(owner, id, { description: "By the river" });
      const row = await businesses.db.business.findUniqueOrThrow({ where: { id } });
      expect(row.version).toBe(4n);
      expect((await published(id)).map((event) => [event.payload.version, event.payload.name, event.payload.status])).toEqual([
        [1, "Facts Hotel", "PENDING"],
        [2, "Renamed", "PENDING"],
        [3, "Renamed", "ACTIVE"],
      ]);

      const replica = await replicaAt(resources.db, id, 3n);
      expect(replica).toMatchObject({ name: "Renamed", status: "ACTIVE", ownerId: owner.userId, city: "Porto", timezone: "Europe/Lisbon" });
    });

    it("publishes nothing for a mutation that fails", async () => {
      const owner = vendor();
      const { id } = await create(owner);
      const before = await businesses.db.business.findUniqueOrThrow({ where: { id } });
      const failed = await subgraphRequest(businesses.url, UPDATE, { id, input: { name: "Ok", timezone: "Mars/Olympus" } }, { viewer: owner });
      expect(failureOf(failed)).toMatchObject({ code: "BAD_USER_INPUT", field: "timezone" });
      const forbidden = await subgraphRequest(businesses.url, SET_STATUS, { id, status: "SUSPENDED" }, { viewer: owner });
      expect(codeOf(forbidden)).toBe("FORBIDDEN");
      expect(await businesses.db.business.findUniqueOrThrow({ where: { id } })).toEqual(before);
      expect((await published(id)).map((event) => event.payload.version)).toEqual([1]);
    });

    it("publishes changes made outside the API too (seeds, operators' SQL), with the version the database gave them", async () => {
      const { id } = await create(vendor());
      await businesses.db.$executeRaw`UPDATE businesses SET status = 'SUSPENDED', version = 99 WHERE id = ${id}::uuid`;
      const row = await businesses.db.business.findUniqueOrThrow({ where: { id } });
      expect(row.version).toBe(2n);
      expect((await published(id)).at(-1)?.payload).toMatchObject({ id, status: "SUSPENDED", version: 2, updatedAt: row.updatedAt.toISOString() });
      expect(await replicaAt(resources.db, id, 2n)).toMatchObject({ status: "SUSPENDED" });
    });

    it("answers the current facts of a business (GET for resources), and 404 for unknown and malformed ids", async () => {
      const owner = vendor();
      const { id } = await create(owner, { city: null });
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
      // the event carries the same facts
      expect((await published(id))[0]?.payload).toStrictEqual(facts);
      for (const businessId of [randomUUID(), "nope", 7]) {
        expect(await callInternal(businesses.url, BUSINESS_FACTS_GET_PATH, { businessId }, { audience: "businesses", internalSecret: TEST_INTERNAL_SECRET })).toBeNull();
      }
    });

    it("keeps what changed while resources was down, and delivers it, newest version winning, once resources is back", async () => {
      // resources' consumer subscribed at its first start; the engine keeps its events while it is away
      const databaseUrl = resources.databaseUrl;
      await resources.stop();
      let id: string;
      try {
        const owner = vendor();
        id = (await create(owner)).id;
        await update(owner, id, { name: "Second" });
        expect((await published(id)).map((event) => event.payload.version)).toEqual([1, 2]);
      } finally {
        resources = await startTestSubgraph(resourcesSubgraph, backbone.env, 0, databaseUrl);
      }
      expect(await replicaAt(resources.db, id, 2n)).toMatchObject({ name: "Second", status: "PENDING" });
    }, 60_000);

    it("leaves the replica on the newest version when facts are redelivered and delivered out of order", async () => {
      const owner = vendor();
      const { id } = await create(owner);
      await update(owner, id, { name: "Second" });
      await update(owner, id, { name: "Third" });
      await replicaAt(resources.db, id, 3n);
      const events = await published(id);
      expect(events.map((event) => event.payload.version)).toEqual([1, 2, 3]);

      // the engine delivers every one of them again, newest first and twice at once: acknowledged without effect
      const consumer = businessFactsConsumerOn(resources.db);
      for (const event of [...events].reverse()) {
        const outcomes = await Promise.all([1, 2].map(() => handleDelivery(consumer, { event: envelope(event), attempt: 1, maxAttempts: 8 })));
        expect(outcomes).toEqual(["duplicate", "duplicate"]);
      }
      // older facts arrive late as new events (a relay that published them again, out of order) through the engine itself
      const late = [events[1]!, events[0]!].map((event) => ({ ...event, id: randomUUID() }));
      await businesses.db.$executeRaw`
        INSERT INTO events.event_outbox (id, type, source, occurred_at, payload)
        SELECT l.id, 'business.facts_changed', 'businesses', now(), l.payload
        FROM jsonb_to_recordset(${JSON.stringify(late.map((event) => ({ id: event.id, payload: event.payload })))}::jsonb) AS l(id uuid, payload jsonb)`;
      await waitFor(async () => {
        const processed = await resources.db.$queryRaw<unknown[]>`
          SELECT 1 FROM events.processed_event WHERE consumer = 'resources-replicate-businesses' AND event_id = ANY(${late.map((event) => event.id)}::uuid[])`;
        return processed.length === late.length;
      }, 15_000, "the late facts to be consumed");

      expect(await resources.db.business.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Third", version: 3n });
      const dead = await resources.db.$queryRaw<unknown[]>`SELECT 1 FROM events.dead_letter_event WHERE payload->>'id' = ${id}`;
      expect(dead).toEqual([]);
    });
  });
});
