import { Role, type Viewer } from "@booking/common";
import { BusinessType, type BusinessStatus as BusinessStatusName } from "@booking/contracts";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { Kind, parse, print } from "graphql";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subgraphRequest, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";

type BusinessesDb = Awaited<ReturnType<typeof businessesSubgraph.connect>>;

let subgraph: TestSubgraph<BusinessesDb>;
// where the business facts relay delivers: without it, failed deliveries would retry during other tests
let resources: TestSubgraph<unknown>;

beforeAll(async () => {
  resources = await startTestSubgraph(resourcesSubgraph);
  subgraph = await startTestSubgraph(businessesSubgraph, { RESOURCES_URL: resources.url });
});
afterAll(async () => {
  await subgraph?.stop();
  await resources?.stop();
});

let made = 0;
/** One business of a fresh vendor, ACTIVE unless told otherwise. */
function makeBusiness(fields: { status?: BusinessStatusName; type?: BusinessType; city?: string; name?: string; ownerId?: string } = {}) {
  made += 1;
  return subgraph.db.business.create({
    data: {
      ownerId: fields.ownerId ?? randomUUID(),
      name: fields.name ?? `Business ${made}`,
      type: fields.type ?? BusinessType.HOTEL,
      city: fields.city ?? "Berlin",
      timezone: "Europe/Berlin",
      status: fields.status ?? "ACTIVE",
    },
  });
}

/** Ids in the order every list uses: createdAt, then id (rows made in one millisecond tie on createdAt). */
function inListOrder(rows: { id: string; createdAt: Date }[]): string[] {
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((row) => row.id);
}

const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };
const vendor = (ownerId: string): Viewer => ({ userId: ownerId, role: Role.VENDOR });

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Business { id name status owner { id } }
    ... on User { id business { id name } }
  }
}`;

describe("businesses subgraph: references", () => {
  it("resolves many business references in one query; malformed and unknown ids give null", async () => {
    const rows = await Promise.all([makeBusiness(), makeBusiness(), makeBusiness()]);
    subgraph.resetQueries();
    const result = await subgraphRequest(subgraph.url, ENTITIES, {
      representations: [
        ...rows.map((row) => ({ __typename: "Business", id: row.id })),
        { __typename: "Business", id: "not-a-uuid" },
        { __typename: "Business", id: randomUUID() },
      ],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      ...rows.map((row) => ({ id: row.id, name: row.name, status: "ACTIVE", owner: { id: row.ownerId } })),
      null,
      null,
    ]);
    expect(subgraph.queries).toHaveLength(1);
  });

  it("hides a non-ACTIVE business reference from everyone but its owner and admins", async () => {
    const pending = await makeBusiness({ status: "PENDING" });
    const representations = [{ __typename: "Business", id: pending.id }];
    const asAnonymous = await subgraphRequest(subgraph.url, ENTITIES, { representations });
    const asOtherVendor = await subgraphRequest(subgraph.url, ENTITIES, { representations }, { viewer: vendor(randomUUID()) });
    const asOwner = await subgraphRequest(subgraph.url, ENTITIES, { representations }, { viewer: vendor(pending.ownerId) });
    const asAdmin = await subgraphRequest(subgraph.url, ENTITIES, { representations }, { viewer: admin });
    expect(asAnonymous.data._entities).toEqual([null]);
    expect(asOtherVendor.data._entities).toEqual([null]);
    expect(asOwner.data._entities).toEqual([{ id: pending.id, name: pending.name, status: "PENDING", owner: { id: pending.ownerId } }]);
    expect(asAdmin.data._entities).toEqual(asOwner.data._entities);
  });

  it("contributes User.business for many users in one query, under the same visibility", async () => {
    const active = await makeBusiness();
    const suspended = await makeBusiness({ status: "SUSPENDED" });
    const customerId = randomUUID();
    subgraph.resetQueries();
    const result = await subgraphRequest(subgraph.url, ENTITIES, {
      representations: [active.ownerId, suspended.ownerId, customerId, "nobody"].map((id) => ({ __typename: "User", id })),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      { id: active.ownerId, business: { id: active.id, name: active.name } },
      { id: suspended.ownerId, business: null },
      { id: customerId, business: null },
      { id: "nobody", business: null },
    ]);
    expect(subgraph.queries).toHaveLength(1);

    const asOwner = await subgraphRequest(
      subgraph.url,
      ENTITIES,
      { representations: [{ __typename: "User", id: suspended.ownerId }] },
      { viewer: vendor(suspended.ownerId) },
    );
    expect(asOwner.data._entities).toEqual([{ id: suspended.ownerId, business: { id: suspended.id, name: suspended.name } }]);
  });
});

describe("businesses subgraph: business(id)", () => {
  const BUSINESS = `query($id: ID!) { business(id: $id) { id status isVerified timezone createdAt owner { id } } }`;

  it("answers null, not an error, for malformed and unknown ids", async () => {
    for (const id of ["not-a-uuid", "", randomUUID()]) {
      const result = await subgraphRequest(subgraph.url, BUSINESS, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data.business).toBeNull();
    }
  });

  it("reads upper-case UUIDs as the same ids", async () => {
    const business = await makeBusiness();
    expect((await subgraphRequest(subgraph.url, BUSINESS, { id: business.id.toUpperCase() })).data.business?.id).toBe(business.id);
    const owner = await subgraphRequest(subgraph.url, ENTITIES, { representations: [{ __typename: "User", id: business.ownerId.toUpperCase() }] });
    expect(owner.data._entities[0].business?.id).toBe(business.id);
  });

  it("shows an ACTIVE business to anyone and an INACTIVE one only to its owner and admins", async () => {
    const active = await makeBusiness();
    const inactive = await makeBusiness({ status: "INACTIVE" });
    const publicView = await subgraphRequest(subgraph.url, BUSINESS, { id: active.id });
    expect(publicView.data.business).toEqual({
      id: active.id,
      status: "ACTIVE",
      isVerified: false,
      timezone: "Europe/Berlin",
      createdAt: active.createdAt.toISOString(),
      owner: { id: active.ownerId },
    });
    expect((await subgraphRequest(subgraph.url, BUSINESS, { id: inactive.id })).data.business).toBeNull();
    expect((await subgraphRequest(subgraph.url, BUSINESS, { id: inactive.id }, { viewer: vendor(active.ownerId) })).data.business).toBeNull();
    expect((await subgraphRequest(subgraph.url, BUSINESS, { id: inactive.id }, { viewer: vendor(inactive.ownerId) })).data.business?.id).toBe(inactive.id);
    expect((await subgraphRequest(subgraph.url, BUSINESS, { id: inactive.id }, { viewer: admin })).data.business?.id).toBe(inactive.id);
  });
});

describe("businesses subgraph: businesses()", () => {
  const LIST = `query($filter: BusinessFilter, $first: Int, $after: String) {
    businesses(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name type city status } }
    }
  }`;

  it("pages through a filtered list without duplicates or gaps, counting the whole list", async () => {
    const city = `Pagetown-${randomUUID()}`;
    const created = [];
    for (let index = 0; index < 7; index += 1) created.push(await makeBusiness({ city, type: BusinessType.SALON }));
    await makeBusiness({ city, type: BusinessType.CLINIC });
    await makeBusiness({ city, type: BusinessType.SALON, status: "PENDING" });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await subgraphRequest(subgraph.url, LIST, { filter: { city: city.toUpperCase(), type: "SALON" }, first: 3, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data.businesses;
      expect(connection.totalCount).toBe(7);
      seen.push(...connection.edges.map((edge: any) => edge.node.id));
      pages += 1;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(inListOrder(created));
  });

  it("lists only ACTIVE businesses to non-admins, even their own, and lets admins filter by status", async () => {
    const city = `Statusville-${randomUUID()}`;
    const active = await makeBusiness({ city });
    const pending = await makeBusiness({ city, status: "PENDING" });
    const deleted = await makeBusiness({ city, status: "DELETED" });
    const ids = (result: any) => result.data.businesses.edges.map((edge: any) => edge.node.id);

    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }))).toEqual([active.id]);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }, { viewer: vendor(pending.ownerId) }))).toEqual([active.id]);
    const askingForPending = await subgraphRequest(subgraph.url, LIST, { filter: { city, status: "PENDING" } }, { viewer: vendor(pending.ownerId) });
    expect(askingForPending.data.businesses).toMatchObject({ totalCount: 0, edges: [] });

    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }, { viewer: admin }))).toEqual(inListOrder([active, pending, deleted]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, status: "DELETED" } }, { viewer: admin }))).toEqual([deleted.id]);
  });

  it("searches names, descriptions and cities case-insensitively", async () => {
    const tag = randomUUID().slice(0, 8);
    const byName = await makeBusiness({ name: `The ${tag} Spa` });
    const byCity = await makeBusiness({ city: `${tag.toUpperCase()}burg` });
    await makeBusiness();
    const result = await subgraphRequest(subgraph.url, LIST, { filter: { search: tag.toUpperCase() } });
    expect(result.data.businesses.edges.map((edge: any) => edge.node.id)).toEqual(inListOrder([byName, byCity]));
  });

  it("treats explicit nulls in the filter as no filter", async () => {
    const all = await subgraphRequest(subgraph.url, LIST, { filter: {} });
    const nulls = await subgraphRequest(subgraph.url, LIST, { filter: { type: null, status: null, city: null, search: null } });
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data.businesses.totalCount).toBe(all.data.businesses.totalCount);
  });

  it("rejects page sizes outside 1..100 and cursors it never gave out", async () => {
    for (const first of [0, 101, -1]) {
      const result = await subgraphRequest(subgraph.url, LIST, { first });
      expect(failureOf(result)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    const badCursor = await subgraphRequest(subgraph.url, LIST, { after: "garbage" });
    expect(failureOf(badCursor)).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("businesses subgraph: mutations and schema", () => {
  it("serves the contract's mutations to the roles they name", async () => {
    const vendorId = randomUUID();
    const created = await subgraphRequest(
      subgraph.url,
      `mutation { createBusiness(input: { name: "X", type: HOTEL, timezone: "Europe/Berlin" }) { id status isVerified owner { id } } }`,
      {},
      { viewer: vendor(vendorId) },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createBusiness).toMatchObject({ status: "PENDING", isVerified: false, owner: { id: vendorId } });
    const id = created.data.createBusiness.id;
    for (const [mutation, viewer, code] of [
      [`mutation($id: ID!) { updateBusiness(id: $id, input: { name: "Y" }) { id } }`, null, "UNAUTHENTICATED"],
      [`mutation($id: ID!) { verifyBusiness(id: $id) { id } }`, vendor(vendorId), "FORBIDDEN"],
      [`mutation($id: ID!) { setBusinessStatus(id: $id, status: SUSPENDED) { id } }`, vendor(vendorId), "FORBIDDEN"],
    ] as const) {
      const response = await subgraphRequest(subgraph.url, mutation, { id }, { viewer });
      expect(codeOf(response)).toBe(code);
    }
    const verified = await subgraphRequest(subgraph.url, `mutation($id: ID!) { verifyBusiness(id: $id) { status isVerified } }`, { id }, { viewer: admin });
    expect(verified.data.verifyBusiness).toEqual({ status: "ACTIVE", isVerified: true });
  });

  it("publishes Business and User as entities keyed by id, User with only its key and business", async () => {
    const result = await subgraphRequest(subgraph.url, `{ _service { sdl } }`);
    const types = objectTypes(result.data._service.sdl);
    expect(types.get("Business")).toEqual({
      keys: ['@key(fields: "id")'],
      fields: ["id", "owner", "name", "description", "type", "address", "city", "phone", "email", "timezone", "status", "isVerified", "createdAt"],
    });
    expect(types.get("User")).toEqual({ keys: ['@key(fields: "id")'], fields: ["id", "business"] });
  });
});

/** Each object type of an SDL with its @key directives and field names. */
function objectTypes(sdl: string): Map<string, { keys: string[]; fields: string[] }> {
  const types = new Map<string, { keys: string[]; fields: string[] }>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    types.set(definition.name.value, {
      keys: (definition.directives ?? []).filter((directive) => directive.name.value === "key").map((directive) => print(directive)),
      fields: (definition.fields ?? []).map((field) => field.name.value),
    });
  }
  return types;
}

describe("businesses subgraph: database rules", () => {
  it("defaults a new business to PENDING and unverified", async () => {
    const row = await subgraph.db.business.create({ data: { ownerId: randomUUID(), name: "Fresh", type: "OTHER", timezone: "UTC" } });
    expect(row).toMatchObject({ status: "PENDING", isVerified: false });
  });

  it("allows one business per vendor", async () => {
    const first = await makeBusiness();
    await expect(makeBusiness({ ownerId: first.ownerId })).rejects.toThrow();
  });

  it("rejects blank names and blank or padded time zones", async () => {
    const insert = (name: string, timezone: string) =>
      subgraph.db.$executeRawUnsafe(`INSERT INTO businesses (owner_id, name, type, timezone) VALUES ($1::uuid, $2, 'HOTEL', $3)`, randomUUID(), name, timezone);
    await expect(insert("  ", "UTC")).rejects.toThrow(/businesses_name_present/);
    await expect(insert("Ok", "")).rejects.toThrow(/businesses_timezone_present/);
    await expect(insert("Ok", " UTC")).rejects.toThrow(/businesses_timezone_present/);
    await expect(insert("Ok", "Europe/Paris")).resolves.toBe(1);
  });
});
