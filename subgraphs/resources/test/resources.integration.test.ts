import { Role, type Viewer } from "@booking/common";
import { BusinessType, EVENT_TYPES, PriceUnit, ResourceType, type BusinessFacts, type BusinessStatus as BusinessStatusName, type ResourceStatus as ResourceStatusName } from "@booking/contracts";
import { handleDelivery, type EventEnvelope } from "@booking/events";
import { businessFactsConsumerOn } from "@booking/resources/consumers";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { Kind, parse, print } from "graphql";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subgraphRequest, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { daysFromNow } from "../../../test/support/time.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";

type ResourcesDb = Awaited<ReturnType<typeof resourcesSubgraph.connect>>;

let subgraph: TestSubgraph<ResourcesDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(resourcesSubgraph);
});
afterAll(async () => subgraph?.stop());

/** A business as the replica knows it, ACTIVE unless told otherwise. */
function makeBusiness(fields: { status?: BusinessStatusName; type?: BusinessType; city?: string } = {}) {
  return subgraph.db.business.create({
    data: {
      id: randomUUID(),
      ownerId: randomUUID(),
      name: "A business",
      type: fields.type ?? BusinessType.HOTEL,
      city: fields.city ?? "Berlin",
      timezone: "Europe/Berlin",
      status: fields.status ?? "ACTIVE",
    },
  });
}

let made = 0;
function makeResource(businessId: string, fields: { status?: ResourceStatusName; type?: ResourceType; price?: string; name?: string; categoryId?: string } = {}) {
  made += 1;
  return subgraph.db.resource.create({
    data: {
      businessId,
      name: fields.name ?? `Resource ${made}`,
      type: fields.type ?? ResourceType.HOTEL_ROOM,
      price: fields.price ?? "100.00",
      priceUnit: PriceUnit.NIGHT,
      status: fields.status ?? "ACTIVE",
      categoryId: fields.categoryId,
    },
  });
}

function makeCategory(businessId: string, name: string) {
  return subgraph.db.resourceCategory.create({ data: { businessId, name } });
}

/** Ids in the order every list uses: createdAt, then id (rows made in one millisecond tie on createdAt). */
function inListOrder(rows: { id: string; createdAt: Date }[]): string[] {
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((row) => row.id);
}

const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };
const vendor = (ownerId: string): Viewer => ({ userId: ownerId, role: Role.VENDOR });
const customer: Viewer = { userId: randomUUID(), role: Role.CUSTOMER };

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resource { id name status }
    ... on ResourceCategory { id name business { id } }
    ... on Business {
      id
      categories { id name }
      resources(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } }
    }
  }
}`;

const RESOURCE = `query($id: ID!) {
  resource(id: $id) {
    id name type description metadata status capacity slotMinutes priceUnit freeCancellationHours createdAt
    price { amount currency }
    openingHours { dayOfWeek opens closes }
    category { id name }
    business { id }
  }
}`;

describe("resources subgraph: resource references and resource(id)", () => {
  it("resolves many resource references in one query; malformed and unknown ids give null", async () => {
    const business = await makeBusiness();
    const rows = await Promise.all([makeResource(business.id), makeResource(business.id), makeResource(business.id)]);
    subgraph.resetQueries();
    const result = await subgraphRequest(subgraph.url, ENTITIES, {
      representations: [
        ...rows.map((row) => ({ __typename: "Resource", id: row.id })),
        { __typename: "Resource", id: "not-a-uuid" },
        { __typename: "Resource", id: randomUUID() },
      ],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([...rows.map((row) => ({ id: row.id, name: row.name, status: "ACTIVE" })), null, null]);
    expect(subgraph.queries).toHaveLength(1);
  });

  it("shows every field, money as an exact decimal string in its currency", async () => {
    const business = await makeBusiness();
    const category = await makeCategory(business.id, "Suites");
    const row = await subgraph.db.resource.create({
      data: {
        businessId: business.id,
        categoryId: category.id,
        name: "Suite 1",
        type: ResourceType.HOTEL_ROOM,
        description: "Sea view",
        metadata: { floor: 3, amenities: ["wifi"] },
        price: "150.5",
        currency: "EUR",
        priceUnit: PriceUnit.SLOT,
        capacity: 2,
        slotMinutes: 30,
        openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "17:00" }],
        freeCancellationHours: 48,
      },
    });
    const result = await subgraphRequest(subgraph.url, RESOURCE, { id: row.id });
    expect(result.errors).toBeUndefined();
    expect(result.data.resource).toEqual({
      id: row.id,
      name: "Suite 1",
      type: "HOTEL_ROOM",
      description: "Sea view",
      metadata: { floor: 3, amenities: ["wifi"] },
      status: "ACTIVE",
      capacity: 2,
      slotMinutes: 30,
      priceUnit: "SLOT",
      freeCancellationHours: 48,
      createdAt: row.createdAt.toISOString(),
      price: { amount: "150.50", currency: "EUR" },
      openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "17:00" }],
      category: { id: category.id, name: "Suites" },
      business: { id: business.id },
    });
  });

  it("answers null, not an error, for malformed and unknown ids", async () => {
    for (const id of ["not-a-uuid", "", randomUUID()]) {
      const result = await subgraphRequest(subgraph.url, RESOURCE, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data.resource).toBeNull();
    }
  });

  it("shows the public only ACTIVE resources of ACTIVE businesses; owners and admins see all", async () => {
    const active = await makeBusiness();
    const pending = await makeBusiness({ status: "PENDING" });
    const maintained = await makeResource(active.id, { status: "MAINTENANCE" });
    const ofPending = await makeResource(pending.id);
    const seenBy = async (id: string, viewer: Viewer | null) => (await subgraphRequest(subgraph.url, RESOURCE, { id }, { viewer })).data.resource?.id ?? null;

    for (const [resource, business] of [[maintained, active], [ofPending, pending]] as const) {
      expect(await seenBy(resource.id, null)).toBeNull();
      expect(await seenBy(resource.id, customer)).toBeNull();
      expect(await seenBy(resource.id, vendor(randomUUID()))).toBeNull();
      expect(await seenBy(resource.id, vendor(business.ownerId))).toBe(resource.id);
      expect(await seenBy(resource.id, admin)).toBe(resource.id);
    }
    const hidden = await subgraphRequest(subgraph.url, ENTITIES, { representations: [{ __typename: "Resource", id: maintained.id }] });
    expect(hidden.data._entities).toEqual([null]);
  });
});

describe("resources subgraph: Business.resources and Business.categories", () => {
  it("resolves the resources and categories of many businesses with one query each", async () => {
    const businesses = await Promise.all([makeBusiness(), makeBusiness(), makeBusiness()]);
    const resources = [];
    for (const business of businesses.slice(0, 2)) {
      for (let index = 0; index < 3; index += 1) resources.push(await makeResource(business.id));
    }
    await makeCategory(businesses[0]!.id, "Suites");
    await makeCategory(businesses[0]!.id, "Doubles");
    subgraph.resetQueries();
    const result = await subgraphRequest(subgraph.url, ENTITIES, {
      representations: [...businesses.map((business) => ({ __typename: "Business", id: business.id })), { __typename: "Business", id: "nope" }],
    });
    expect(result.errors).toBeUndefined();
    const [first, second, empty, malformed] = result.data._entities;
    const expectedPage = (businessId: string) => {
      const ids = inListOrder(resources.filter((resource) => resource.businessId === businessId));
      return { totalCount: 3, hasNextPage: true, ids: ids.slice(0, 2) };
    };
    const pageOf = (entity: any) => ({
      totalCount: entity.resources.totalCount,
      hasNextPage: entity.resources.pageInfo.hasNextPage,
      ids: entity.resources.edges.map((edge: any) => edge.node.id),
    });
    expect(pageOf(first)).toEqual(expectedPage(businesses[0]!.id));
    expect(pageOf(second)).toEqual(expectedPage(businesses[1]!.id));
    expect(first.categories.map((category: any) => category.name)).toEqual(["Doubles", "Suites"]);
    expect(second.categories).toEqual([]);
    expect(empty.resources).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    expect(malformed).toBeNull();
    expect(subgraph.queries).toHaveLength(2);
  });

  it("pages through one business's resources without duplicates or gaps, and keeps other businesses' counts after a cursor", async () => {
    const early = await makeBusiness();
    const earlyResources = [await makeResource(early.id), await makeResource(early.id)];
    const business = await makeBusiness();
    const created = [];
    for (let index = 0; index < 5; index += 1) created.push(await makeResource(business.id, { type: index % 2 ? ResourceType.DESK : ResourceType.HOTEL_ROOM }));
    const PAGE = `query($representations: [_Any!]!, $after: String, $type: ResourceType) {
      _entities(representations: $representations) {
        ... on Business { id resources(first: 2, after: $after, type: $type) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }
      }
    }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await subgraphRequest(subgraph.url, PAGE, {
        representations: [{ __typename: "Business", id: business.id }, { __typename: "Business", id: early.id }],
        after,
      });
      expect(result.errors).toBeUndefined();
      const [page, earlyPage] = result.data._entities.map((entity: any) => entity.resources);
      expect(page.totalCount).toBe(5);
      // the cursor lies after all of the early business's resources: nothing left, but still counted
      expect(earlyPage.totalCount).toBe(2);
      if (after !== null) expect(earlyPage.edges).toEqual([]);
      else expect(earlyPage.edges.map((edge: any) => edge.node.id)).toEqual(inListOrder(earlyResources));
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(inListOrder(created));

    const desks = await subgraphRequest(subgraph.url, PAGE, { representations: [{ __typename: "Business", id: business.id }], type: "DESK" });
    expect(desks.data._entities[0].resources.totalCount).toBe(2);
  });

  it("lists a business's hidden resources and categories only to its owner and admins", async () => {
    const active = await makeBusiness();
    const suspended = await makeBusiness({ status: "SUSPENDED" });
    await makeResource(active.id);
    await makeResource(active.id, { status: "INACTIVE" });
    await makeResource(suspended.id);
    await makeCategory(suspended.id, "Hidden");
    const view = async (viewer: Viewer | null) => {
      const result = await subgraphRequest(
        subgraph.url,
        ENTITIES,
        { representations: [active, suspended].map((business) => ({ __typename: "Business", id: business.id })) },
        { viewer },
      );
      expect(result.errors).toBeUndefined();
      return result.data._entities.map((entity: any) => [entity.resources.totalCount, entity.categories.length]);
    };
    expect(await view(null)).toEqual([[1, 0], [0, 0]]);
    expect(await view(vendor(active.ownerId))).toEqual([[2, 0], [0, 0]]);
    expect(await view(vendor(suspended.ownerId))).toEqual([[1, 0], [1, 1]]);
    expect(await view(admin)).toEqual([[2, 0], [1, 1]]);
  });

  it("serves the same fields through Business.resources (raw SQL) as through resource(id)", async () => {
    const business = await makeBusiness();
    const category = await makeCategory(business.id, "Desks");
    const row = await subgraph.db.resource.create({
      data: {
        businessId: business.id,
        categoryId: category.id,
        name: "Desk 7",
        type: ResourceType.DESK,
        metadata: { monitor: true },
        price: "12",
        currency: "GBP",
        priceUnit: PriceUnit.HOUR,
        capacity: 4,
        openingHours: [{ dayOfWeek: 5, opens: "08:30", closes: "18:00" }],
      },
    });
    const FIELDS = RESOURCE.slice(RESOURCE.indexOf("resource(id: $id) {") + "resource(id: $id) {".length, RESOURCE.lastIndexOf("}", RESOURCE.lastIndexOf("}") - 1));
    const viaBusiness = await subgraphRequest(
      subgraph.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Business { resources { edges { node { ${FIELDS} } } } } } }`,
      { representations: [{ __typename: "Business", id: business.id }] },
    );
    const direct = await subgraphRequest(subgraph.url, RESOURCE, { id: row.id });
    expect(viaBusiness.errors).toBeUndefined();
    expect(direct.data.resource.price).toEqual({ amount: "12.00", currency: "GBP" });
    expect(viaBusiness.data._entities[0].resources.edges).toEqual([{ node: direct.data.resource }]);
  });

  it("reads upper-case UUIDs as the same ids", async () => {
    const business = await makeBusiness();
    const resource = await makeResource(business.id);
    const category = await makeCategory(business.id, "Upper");
    const result = await subgraphRequest(subgraph.url, ENTITIES, {
      representations: [
        { __typename: "Business", id: business.id.toUpperCase() },
        { __typename: "Resource", id: resource.id.toUpperCase() },
        { __typename: "ResourceCategory", id: category.id.toUpperCase() },
      ],
    });
    expect(result.errors).toBeUndefined();
    const [viaBusiness, viaResource, viaCategory] = result.data._entities;
    expect(viaBusiness.resources.edges).toEqual([{ node: { id: resource.id, status: "ACTIVE" } }]);
    expect(viaBusiness.categories).toEqual([{ id: category.id, name: "Upper" }]);
    expect(viaResource.id).toBe(resource.id);
    expect(viaCategory.id).toBe(category.id);
  });

  it("validates first and after on Business.resources", async () => {
    const business = await makeBusiness();
    const QUERY = `query($representations: [_Any!]!, $first: Int, $after: String) {
      _entities(representations: $representations) { ... on Business { resources(first: $first, after: $after) { totalCount } } }
    }`;
    const representations = [{ __typename: "Business", id: business.id }];
    const tooMany = await subgraphRequest(subgraph.url, QUERY, { representations, first: 101 });
    expect(failureOf(tooMany)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const badCursor = await subgraphRequest(subgraph.url, QUERY, { representations, after: "bm9wZQ" });
    expect(failureOf(badCursor)).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("resources subgraph: categories", () => {
  it("resolves category references in one query, as visible as their business", async () => {
    const active = await makeBusiness();
    const pending = await makeBusiness({ status: "PENDING" });
    const visible = await makeCategory(active.id, "Chairs");
    const hidden = await makeCategory(pending.id, "Chairs");
    const representations = [visible, hidden, { id: "bad" }].map((category) => ({ __typename: "ResourceCategory", id: category.id }));
    subgraph.resetQueries();
    const anonymous = await subgraphRequest(subgraph.url, ENTITIES, { representations });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data._entities).toEqual([{ id: visible.id, name: "Chairs", business: { id: active.id } }, null, null]);
    expect(subgraph.queries).toHaveLength(1);
    const owner = await subgraphRequest(subgraph.url, ENTITIES, { representations }, { viewer: vendor(pending.ownerId) });
    expect(owner.data._entities[1]).toEqual({ id: hidden.id, name: "Chairs", business: { id: pending.id } });
  });

  it("loads the categories of a list of resources in one query", async () => {
    const business = await makeBusiness();
    const [rooms, desks] = [await makeCategory(business.id, "Rooms"), await makeCategory(business.id, "Desks")];
    for (const category of [rooms, desks, rooms, desks]) await makeResource(business.id, { categoryId: category.id });
    await makeResource(business.id);
    subgraph.resetQueries();
    const result = await subgraphRequest(subgraph.url, `query($id: ID!) { resources(filter: { businessId: $id }) { edges { node { category { name } } } } }`, { id: business.id });
    expect(result.errors).toBeUndefined();
    expect(result.data.resources.edges.map((edge: any) => edge.node.category?.name ?? null).sort()).toEqual(["Desks", "Desks", "Rooms", "Rooms", null]);
    // the page, its count, and every category at once
    expect(subgraph.queries).toHaveLength(3);
  });
});

describe("resources subgraph: resources()", () => {
  const LIST = `query($filter: ResourceFilter, $first: Int, $after: String) {
    resources(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name price { amount currency } business { id } } }
    }
  }`;
  const ids = (result: any) => {
    expect(result.errors).toBeUndefined();
    return result.data.resources.edges.map((edge: any) => edge.node.id);
  };

  it("pages through a filtered list without duplicates or gaps, counting the whole list", async () => {
    const city = `Pagetown-${randomUUID()}`;
    const business = await makeBusiness({ city });
    const created = [];
    for (let index = 0; index < 7; index += 1) created.push(await makeResource(business.id));
    await makeResource(business.id, { status: "INACTIVE" });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await subgraphRequest(subgraph.url, LIST, { filter: { city }, first: 3, after });
      expect(result.errors).toBeUndefined();
      expect(result.data.resources.totalCount).toBe(7);
      seen.push(...result.data.resources.edges.map((edge: any) => edge.node.id));
      if (!result.data.resources.pageInfo.hasNextPage) break;
      after = result.data.resources.pageInfo.endCursor;
    }
    expect(seen).toEqual(inListOrder(created));
  });

  it("filters by business, type, the business's type and city, price range and text", async () => {
    const city = `Filterburg-${randomUUID()}`;
    const salon = await makeBusiness({ city, type: BusinessType.SALON });
    const clinic = await makeBusiness({ city, type: BusinessType.CLINIC });
    const elsewhere = await makeBusiness({ type: BusinessType.SALON });
    const chair = await makeResource(salon.id, { type: ResourceType.SALON_CHAIR, price: "10.00", name: "Window chair" });
    const pricey = await makeResource(salon.id, { type: ResourceType.SALON_CHAIR, price: "20.01" });
    const doctor = await makeResource(clinic.id, { type: ResourceType.DOCTOR_SLOT, price: "20.00" });
    await makeResource(elsewhere.id, { type: ResourceType.SALON_CHAIR, price: "15.00" });

    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city: city.toLowerCase() } }))).toEqual(inListOrder([chair, pricey, doctor]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, businessType: "SALON" } }))).toEqual(inListOrder([chair, pricey]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { businessId: clinic.id } }))).toEqual([doctor.id]);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, type: "DOCTOR_SLOT" } }))).toEqual([doctor.id]);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, minPrice: "10.00", maxPrice: "20" } }))).toEqual(inListOrder([chair, doctor]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, minPrice: "20.01" } }))).toEqual([pricey.id]);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city, search: "WINDOW" } }))).toEqual([chair.id]);
  });

  it("treats explicit nulls in the filter as no filter", async () => {
    const all = await subgraphRequest(subgraph.url, LIST, { filter: {} });
    const nulls = await subgraphRequest(subgraph.url, LIST, {
      filter: { businessId: null, type: null, businessType: null, city: null, minPrice: null, maxPrice: null, search: null },
    });
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data.resources.totalCount).toBe(all.data.resources.totalCount);
  });

  it("treats a malformed business id as an unknown one", async () => {
    const result = await subgraphRequest(subgraph.url, LIST, { filter: { businessId: "not-a-uuid" } });
    expect(result.errors).toBeUndefined();
    expect(result.data.resources).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it("lists hidden resources only to their business's owner and admins", async () => {
    const city = `Hiddenham-${randomUUID()}`;
    const active = await makeBusiness({ city });
    const inactive = await makeBusiness({ city, status: "INACTIVE" });
    const open = await makeResource(active.id);
    const closed = await makeResource(active.id, { status: "DELETED" });
    const ofInactive = await makeResource(inactive.id);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }))).toEqual([open.id]);
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }, { viewer: vendor(active.ownerId) }))).toEqual(inListOrder([open, closed]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }, { viewer: vendor(inactive.ownerId) }))).toEqual(inListOrder([open, ofInactive]));
    expect(ids(await subgraphRequest(subgraph.url, LIST, { filter: { city } }, { viewer: admin }))).toEqual(inListOrder([open, closed, ofInactive]));
  });

  it("rejects page sizes outside 1..100 and cursors it never gave out", async () => {
    for (const first of [0, 101]) {
      const result = await subgraphRequest(subgraph.url, LIST, { first });
      expect(failureOf(result)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    const badCursor = await subgraphRequest(subgraph.url, LIST, { after: "garbage" });
    expect(failureOf(badCursor)).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const badPrice = await subgraphRequest(subgraph.url, LIST, { filter: { minPrice: 1.5 } });
    expect(codeOf(badPrice)).toBe("BAD_USER_INPUT");
  });
});

describe("resources subgraph: mutations and schema", () => {
  it("refuses the contract's mutations to anonymous callers and customers", async () => {
    const id = randomUUID();
    for (const mutation of [
      `mutation($id: ID!) { createResource(businessId: $id, input: { name: "R", type: DESK, price: "1.00", priceUnit: HOUR }) { id } }`,
      `mutation($id: ID!) { updateResource(id: $id, input: { name: "R" }) { id } }`,
      `mutation($id: ID!) { setResourceStatus(id: $id, status: INACTIVE) { id } }`,
      `mutation($id: ID!) { createResourceCategory(businessId: $id, name: "C") { id } }`,
    ]) {
      expect(codeOf((await subgraphRequest(subgraph.url, mutation, { id })))).toBe("UNAUTHENTICATED");
      expect(codeOf((await subgraphRequest(subgraph.url, mutation, { id }, { viewer: customer })))).toBe("FORBIDDEN");
    }
  });

  it("owns Resource and ResourceCategory and contributes only resources and categories to Business", async () => {
    const result = await subgraphRequest(subgraph.url, `{ _service { sdl } }`);
    const types = objectTypes(result.data._service.sdl);
    const key = ['@key(fields: "id")'];
    expect(types.get("Resource")).toEqual({
      keys: key,
      fields: ["id", "business", "name", "type", "description", "category", "metadata", "price", "priceUnit", "capacity", "slotMinutes", "openingHours", "freeCancellationHours", "status", "createdAt"],
    });
    expect(types.get("ResourceCategory")).toEqual({ keys: key, fields: ["id", "name", "business"] });
    expect(types.get("Business")).toEqual({ keys: key, fields: ["id", "resources", "categories"] });
    expect(types.has("AvailabilityWindow")).toBe(false);
  });
});

describe("resources subgraph: business.facts_changed events", () => {
  const facts = (fields: Partial<BusinessFacts> = {}): BusinessFacts => ({
    id: randomUUID(),
    ownerId: randomUUID(),
    name: "Published",
    type: "SALON",
    city: "Oslo",
    timezone: "Europe/Oslo",
    status: "PENDING",
    version: 1,
    updatedAt: new Date().toISOString(),
    ...fields,
  });
  const event = (payload: unknown): EventEnvelope<any> => ({ id: randomUUID(), type: EVENT_TYPES.businessFactsChanged, source: "businesses", occurredAt: new Date().toISOString(), payload });
  /** Delivers an event to the replica's consumer as the engine would (this attempt of `maxAttempts`). */
  const deliver = (envelope: EventEnvelope<any>, attempt = 1, maxAttempts = 3) => handleDelivery(businessFactsConsumerOn(subgraph.db), { event: envelope, attempt, maxAttempts });

  it("inserts unknown businesses and updates known ones with newer versions only, each event once", async () => {
    const first = facts();
    const created = event(first);
    expect(await deliver(created)).toBe("handled");
    expect(await deliver(event({ ...first, id: first.id.toUpperCase(), status: "ACTIVE", version: 2 }))).toBe("handled");
    expect(await deliver(event({ ...first, status: "DELETED", version: 2 }))).toBe("handled");
    expect(await deliver(event({ ...first, name: "Old news" }))).toBe("handled");
    expect(await deliver(created)).toBe("duplicate");
    expect(await subgraph.db.business.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "ACTIVE", version: 2n, city: "Oslo", name: "Published" });
  });

  it("refuses malformed facts, so the backbone retries them and finally dead-letters them rather than losing them", async () => {
    const malformed = [{ ...facts(), status: "CLOSED" }, { ...facts(), version: "2" }, { ...facts(), id: "nope" }, { ...facts(), updatedAt: "soon" }, { nothing: true }];
    for (const bad of malformed) {
      const envelope = event(bad);
      await expect(deliver(envelope), JSON.stringify(bad)).rejects.toThrow(/malformed business facts/);
      expect(await deliver(envelope, 3, 3)).toBe("dead-lettered");
      const dead = await subgraph.db.$queryRaw<{ consumer: string }[]>`SELECT consumer FROM events.dead_letter_event WHERE event_id = ${envelope.id}::uuid`;
      expect(dead).toEqual([{ consumer: "resources-replicate-businesses" }]);
    }
    const ids = malformed.flatMap((bad) => ("id" in bad && bad.id !== "nope" ? [bad.id] : []));
    expect(ids).toHaveLength(3);
    expect(await subgraph.db.business.count({ where: { id: { in: ids } } })).toBe(0);
  });
});

describe("resources subgraph: database rules", () => {
  it("rejects resources that break the column rules", async () => {
    const business = await makeBusiness();
    const insert = (columns: Record<string, string>) => {
      const row = { business_id: `'${business.id}'`, name: "'R'", type: "'DESK'", price: "1", price_unit: "'HOUR'", ...columns };
      return subgraph.db.$executeRawUnsafe(`INSERT INTO resources (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).join(", ")})`);
    };
    const rejected: [Record<string, string>, string][] = [
      [{ price: "-0.01" }, "resources_price_not_negative"],
      [{ capacity: "0" }, "resources_capacity_positive"],
      [{ slot_minutes: "4" }, "resources_slot_minutes_range"],
      [{ slot_minutes: "481" }, "resources_slot_minutes_range"],
      [{ price_unit: "'SLOT'" }, "resources_slot_minutes_for_slots"],
      [{ free_cancellation_hours: "-1" }, "resources_free_cancellation_hours_not_negative"],
      [{ currency: "'usd'" }, "resources_currency_iso_code"],
      [{ currency: "'EURO'" }, "resources_currency_iso_code"],
      [{ metadata: `'[]'` }, "resources_metadata_object"],
      [{ opening_hours: `'{}'` }, "resources_opening_hours_shape"],
      [{ opening_hours: `'[{"dayOfWeek": 8, "opens": "09:00", "closes": "17:00"}]'` }, "resources_opening_hours_shape"],
      [{ opening_hours: `'[{"dayOfWeek": 1, "opens": "9am", "closes": "17:00"}]'` }, "resources_opening_hours_shape"],
      [{ opening_hours: `'[{"dayOfWeek": 1, "opens": "09:00"}]'` }, "resources_opening_hours_shape"],
      [{ name: "' '" }, "resources_name_present"],
      [{ business_id: `'${randomUUID()}'` }, "resources_business_id_fkey"],
    ];
    for (const [columns, constraint] of rejected) {
      await expect(insert(columns), constraint).rejects.toThrow(constraint);
    }
    await expect(insert({ price_unit: "'SLOT'", slot_minutes: "480", opening_hours: `'[{"dayOfWeek": 7, "opens": "00:00", "closes": "24:00"}]'` })).resolves.toBe(1);
    const defaults = await makeResource(business.id);
    expect(defaults).toMatchObject({ status: "ACTIVE", capacity: 1, currency: "USD", freeCancellationHours: 24, metadata: {}, openingHours: [], slotMinutes: null });
  });

  it("keeps opening hours consistent and slots fitting them, whatever writes the row", async () => {
    const business = await makeBusiness();
    const insert = (columns: Record<string, string>) => {
      const row = { business_id: `'${business.id}'`, name: "'R'", type: "'DESK'", price: "1", price_unit: "'HOUR'", ...columns };
      return subgraph.db.$executeRawUnsafe(`INSERT INTO resources (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).join(", ")})`);
    };
    const hours = (...intervals: [number, string, string][]) => `'${JSON.stringify(intervals.map(([dayOfWeek, opens, closes]) => ({ dayOfWeek, opens, closes })))}'`;
    const rejected: [Record<string, string>, string][] = [
      [{ opening_hours: hours([1, "17:00", "09:00"]) }, "resources_opening_hours_valid"],
      [{ opening_hours: hours([1, "09:00", "09:00"]) }, "resources_opening_hours_valid"],
      [{ opening_hours: hours([1, "09:00", "13:00"], [2, "08:00", "09:00"], [1, "12:59", "14:00"]) }, "resources_opening_hours_valid"],
      [{ slot_minutes: "30" }, "resources_slot_minutes_unit"],
      [{ price_unit: "'SLOT'", slot_minutes: "45", opening_hours: hours([1, "09:00", "10:00"]) }, "resources_slots_fit_hours"],
      [{ price_unit: "'SLOT'", slot_minutes: "7" }, "resources_slots_fit_hours"],
      [{ name: `'${"x".repeat(201)}'` }, "resources_name_length"],
      [{ description: `'${"x".repeat(2001)}'` }, "resources_description_length"],
    ];
    for (const [columns, constraint] of rejected) {
      await expect(insert(columns), constraint).rejects.toThrow(constraint);
    }
    await expect(insert({ opening_hours: hours([1, "09:00", "13:00"], [1, "13:00", "17:00"], [7, "22:00", "24:00"]) })).resolves.toBe(1);
    await expect(insert({ price_unit: "'SLOT'", slot_minutes: "20", opening_hours: hours([1, "09:00", "13:00"], [1, "13:00", "17:00"]) })).resolves.toBe(1);
    await expect(insert({ price_unit: "'SLOT'", slot_minutes: "90" })).resolves.toBe(1);
  });

  it("bounds category names", async () => {
    const business = await makeBusiness();
    await expect(makeCategory(business.id, "x".repeat(101))).rejects.toThrow(/resource_categories_name_length/);
  });

  it("keeps category names unique per business whatever their case, and categories within their business", async () => {
    const business = await makeBusiness();
    const other = await makeBusiness();
    const rooms = await makeCategory(business.id, "Rooms");
    await expect(makeCategory(business.id, "ROOMS")).rejects.toThrow();
    await expect(makeCategory(other.id, "rooms")).resolves.toMatchObject({ name: "rooms" });
    await expect(makeResource(other.id, { categoryId: rooms.id })).rejects.toThrow();
    await expect(makeResource(business.id, { categoryId: rooms.id })).resolves.toMatchObject({ categoryId: rooms.id });
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
