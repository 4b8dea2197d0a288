import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { BLOCK_RESOURCE, CREATE_CATEGORY, CREATE_RESOURCE, RESOURCE, SET_BUSINESS_STATUS, SET_RESOURCE_STATUS, UNBLOCK_RESOURCE, UPDATE_BUSINESS, UPDATE_RESOURCE, VERIFY_BUSINESS, ok } from "../support/catalog.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { isoDay } from "../support/time.js";
import { RESOURCE_INPUT, type TestBusiness, theAdmin, signUpVendor, makeBusiness, makeActiveBusiness, makeResource } from "../support/factories.js";
import { failureOf } from "../support/errors.js";
import { waitFor } from "../support/wait.js";

let system: TestSupergraph;
let admin: SignedIn;
let customer: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  [admin, customer, stranger] = await Promise.all([theAdmin(system), signUp(system, { prefix: "cust" }), signUpVendor(system)]);
});
afterAll(async () => system?.stop());

const LIST = `query($filter: ResourceFilter, $first: Int, $after: String) {
  resources(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name type priceUnit price { amount currency } business { id name city } } }
  }
}`;
const BUSINESS_CATALOG = `query($id: ID!) {
  business(id: $id) { id categories { id name } resources(first: 50) { totalCount edges { node { id status } } } }
}`;

const resourceCount = () => system.subgraphs.resources.db.resource.count();
const storedResource = (id: string) => system.subgraphs.resources.db.resource.findUniqueOrThrow({ where: { id } });
const seenBy = async (id: string, viewer: SignedIn | null) => ok(await system.request(RESOURCE, { id }, { token: viewer?.accessToken })).resource;
const ids = (result: any): string[] => ok(result).resources.edges.map((edge: any) => edge.node.id);

const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opens: "09:00", closes: "17:00" }));

describe("the resource lifecycle", () => {
  it("vendor builds a catalog before verification; the public sees it once the business is ACTIVE", async () => {
    const { vendor, business } = await makeBusiness(system, { type: "CLINIC", timezone: "America/New_York", city: "New York" });
    const category = ok(await system.request(CREATE_CATEGORY, { businessId: business.id, name: "General practice" }, { token: vendor.accessToken })).createResourceCategory;
    expect(category).toMatchObject({ name: "General practice", business: { id: business.id } });
    const { resource: doctor } = await makeResource(system, { vendor, business }, {
      name: "Dr. Costa",
      type: "DOCTOR_SLOT",
      description: "Family medicine",
      categoryId: category.id,
      metadata: { languages: ["en", "pt"], room: 4 },
      price: "80",
      currency: "usd",
      priceUnit: "SLOT",
      slotMinutes: 30,
      openingHours: [...WEEKDAYS_9_TO_5].reverse(),
      freeCancellationHours: 12,
    });
    expect(doctor).toMatchObject({
      name: "Dr. Costa",
      type: "DOCTOR_SLOT",
      description: "Family medicine",
      metadata: { languages: ["en", "pt"], room: 4 },
      status: "ACTIVE",
      capacity: 1,
      slotMinutes: 30,
      priceUnit: "SLOT",
      freeCancellationHours: 12,
      price: { amount: "80.00", currency: "USD" },
      openingHours: WEEKDAYS_9_TO_5,
      category: { id: category.id, name: "General practice" },
      business: { id: business.id },
    });

    expect(await seenBy(doctor.id, null)).toBeNull();
    expect(await seenBy(doctor.id, stranger)).toBeNull();
    expect((await seenBy(doctor.id, vendor))?.id).toBe(doctor.id);
    expect((await seenBy(doctor.id, admin))?.id).toBe(doctor.id);
    expect(ids(await system.request(LIST, { filter: { businessId: business.id } }))).toEqual([]);

    ok(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: admin.accessToken }));
    // the change reaches resources' replica as an event, a moment after the mutation
    const publicView = await waitFor(() => seenBy(doctor.id, null), 10_000, "the public view of the resource");
    expect(publicView).toEqual(doctor);
    expect(ids(await system.request(LIST, { filter: { businessId: business.id } }))).toEqual([doctor.id]);
    const catalog = ok(await system.request(BUSINESS_CATALOG, { id: business.id })).business;
    expect(catalog).toEqual({ id: business.id, categories: [{ id: category.id, name: "General practice" }], resources: { totalCount: 1, edges: [{ node: { id: doctor.id, status: "ACTIVE" } }] } });
  });

  it("takes defaults for absent and null optional fields", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business }, {
      currency: null,
      capacity: null,
      slotMinutes: null,
      openingHours: null,
      freeCancellationHours: null,
      metadata: null,
      description: null,
      categoryId: null,
    });
    expect(resource).toMatchObject({
      price: { amount: "120.00", currency: "USD" },
      capacity: 1,
      slotMinutes: null,
      openingHours: [],
      freeCancellationHours: 24,
      metadata: {},
      description: null,
      category: null,
    });
  });

  it("keeps money exact in the currency's own decimals", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const cases: [Record<string, unknown>, { amount: string; currency: string }][] = [
      [{ price: "19.99", currency: "EUR" }, { amount: "19.99", currency: "EUR" }],
      [{ price: "0.1", currency: "EUR" }, { amount: "0.10", currency: "EUR" }],
      [{ price: "0", currency: "GBP" }, { amount: "0.00", currency: "GBP" }],
      [{ price: "6000", currency: "JPY" }, { amount: "6000", currency: "JPY" }],
      [{ price: "9999999999.99", currency: "USD" }, { amount: "9999999999.99", currency: "USD" }],
    ];
    for (const [input, price] of cases) expect((await makeResource(system, { vendor, business }, input)).resource.price).toEqual(price);
  });
});

describe("createResource input", () => {
  let owner: TestBusiness;
  let vendor: SignedIn;
  let businessId: string;
  let otherCategoryId: string;
  beforeAll(async () => {
    owner = await makeActiveBusiness(system);
    ({ vendor, business: { id: businessId } } = owner);
    const other = await makeActiveBusiness(system);
    otherCategoryId = ok(await system.request(CREATE_CATEGORY, { businessId: other.business.id, name: "Theirs" }, { token: other.vendor.accessToken })).createResourceCategory.id;
  });

  it.each([
    ["name", { name: "  " }],
    ["name", { name: "x".repeat(201) }],
    ["description", { description: "x".repeat(2001) }],
    ["price", { price: "-0.01" }],
    ["price", { price: "10.001" }],
    ["price", { price: "10000000000" }],
    ["price", { price: "1500.5", currency: "JPY" }],
    ["currency", { currency: "XYZ" }],
    ["currency", { currency: "EURO" }],
    ["capacity", { capacity: 0 }],
    ["capacity", { capacity: -3 }],
    ["slotMinutes", { slotMinutes: 30 }],
    ["slotMinutes", { priceUnit: "SLOT" }],
    ["slotMinutes", { priceUnit: "SLOT", slotMinutes: 4 }],
    ["slotMinutes", { priceUnit: "SLOT", slotMinutes: 481 }],
    ["slotMinutes", { priceUnit: "SLOT", slotMinutes: 45, openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "10:00" }] }],
    ["slotMinutes", { priceUnit: "SLOT", slotMinutes: 7 }],
    ["openingHours", { openingHours: [{ dayOfWeek: 0, opens: "09:00", closes: "17:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 8, opens: "09:00", closes: "17:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "9:00", closes: "17:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "24:00", closes: "24:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "25:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "17:00", closes: "09:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "09:00" }] }],
    ["openingHours", { openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "13:00" }, { dayOfWeek: 1, opens: "12:00", closes: "17:00" }] }],
    ["freeCancellationHours", { freeCancellationHours: -1 }],
    ["metadata", { metadata: { blob: "x".repeat(10_001) } }],
    ["categoryId", { categoryId: randomUUID() }],
    ["categoryId", { categoryId: "not-a-uuid" }],
  ])("rejects a bad %s with BAD_USER_INPUT naming it, writing nothing", async (field, override) => {
    const before = await resourceCount();
    const result = await system.request(CREATE_RESOURCE, { businessId, input: { ...RESOURCE_INPUT, ...override } }, { token: vendor.accessToken });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await resourceCount()).toBe(before);
  });

  it("rejects a category of another business", async () => {
    const result = await system.request(CREATE_RESOURCE, { businessId, input: { ...RESOURCE_INPUT, categoryId: otherCategoryId } }, { token: vendor.accessToken });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field: "categoryId" });
  });

  it("rejects unknown enum values with BAD_USER_INPUT", async () => {
    for (const override of [{ priceUnit: "WEEK" }, { type: "YACHT" }]) {
      const result = await system.request(CREATE_RESOURCE, { businessId, input: { ...RESOURCE_INPUT, ...override } }, { token: vendor.accessToken });
      expect(failureOf(result)?.code, JSON.stringify(override)).toBe("BAD_USER_INPUT");
    }
  });

  it("refuses malformed Decimal, JSON and DateTime values without writing anything", async () => {
    // The subgraph rejects these while coercing variables (BAD_USER_INPUT, HTTP 400); the
    // router does not yet pass that code through (it reports INTERNAL_SERVER_ERROR), so this
    // asserts only that they fail and change nothing.
    const before = await resourceCount();
    for (const override of [{ price: 1.5 }, { price: "1e3" }, { price: "12,50" }, { metadata: [1, 2] }, { metadata: "text" }]) {
      const result = await system.request(CREATE_RESOURCE, { businessId, input: { ...RESOURCE_INPUT, ...override } }, { token: vendor.accessToken });
      expect(result.errors?.length, JSON.stringify(override)).toBeGreaterThan(0);
      expect(result.data?.createResource ?? null).toBeNull();
    }
    const { resource } = await makeResource(system, owner);
    const block = await system.request(BLOCK_RESOURCE, { resourceId: resource.id, start: "yesterday", end: `${isoDay(91)}T00:00:00Z` }, { token: vendor.accessToken });
    expect(block.errors?.length).toBeGreaterThan(0);
    const list = await system.request(LIST, { filter: { minPrice: "cheap" } });
    expect(list.errors?.length).toBeGreaterThan(0);
    expect(await resourceCount()).toBe(before + 1);
    expect(await system.subgraphs.bookings.db.resourceBlock.count({ where: { resourceId: resource.id } })).toBe(0);
  });

  it("accepts touching intervals, closing at 24:00, and slots that divide every interval", async () => {
    const { resource } = await makeResource(system, owner, {
      priceUnit: "SLOT",
      slotMinutes: 20,
      openingHours: [
        { dayOfWeek: 7, opens: "22:00", closes: "24:00" },
        { dayOfWeek: 1, opens: "13:00", closes: "17:00" },
        { dayOfWeek: 1, opens: "09:00", closes: "13:00" },
      ],
    });
    expect(resource.openingHours).toEqual([
      { dayOfWeek: 1, opens: "09:00", closes: "13:00" },
      { dayOfWeek: 1, opens: "13:00", closes: "17:00" },
      { dayOfWeek: 7, opens: "22:00", closes: "24:00" },
    ]);
    // always open: slots divide the day
    expect((await makeResource(system, owner, { priceUnit: "SLOT", slotMinutes: 90 })).resource.slotMinutes).toBe(90);
  });
});

describe("who may change a catalog", () => {
  it("keeps anonymous callers, customers and other vendors out of createResource; admins may", async () => {
    const { vendor, business: active } = await makeActiveBusiness(system);
    const { business: pending } = await makeBusiness(system);
    const before = await resourceCount();
    const create = (businessId: string, token?: string) => system.request(CREATE_RESOURCE, { businessId, input: RESOURCE_INPUT }, { token });
    expect(failureOf(await create(active.id))?.code).toBe("UNAUTHENTICATED");
    expect(failureOf(await create(active.id, customer.accessToken))?.code).toBe("FORBIDDEN");
    expect(failureOf(await create(active.id, stranger.accessToken))?.code).toBe("FORBIDDEN");
    expect(failureOf(await create(pending.id, stranger.accessToken))?.code).toBe("NOT_FOUND");
    for (const id of [randomUUID(), "not-a-uuid", ""]) expect(failureOf(await create(id, vendor.accessToken))?.code, id).toBe("NOT_FOUND");
    expect(await resourceCount()).toBe(before);
    expect(ok(await create(pending.id, admin.accessToken)).createResource.business.id).toBe(pending.id);
    expect(ok(await create(active.id.toUpperCase(), vendor.accessToken)).createResource.business.id).toBe(active.id);
  });

  it("applies the same rule to updates, status changes, categories and blocks of another vendor's resources", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource: visible } = await makeResource(system, { vendor, business });
    const { resource: hidden } = await makeResource(system, { vendor, business }, { name: "Hidden" });
    ok(await system.request(SET_RESOURCE_STATUS, { id: hidden.id, status: "MAINTENANCE" }, { token: vendor.accessToken }));
    const block = ok(await system.request(BLOCK_RESOURCE, { resourceId: hidden.id, start: `${isoDay(40)}T00:00:00Z`, end: `${isoDay(41)}T00:00:00Z` }, { token: vendor.accessToken })).blockResource;
    const visibleBlock = ok(await system.request(BLOCK_RESOURCE, { resourceId: visible.id, start: `${isoDay(40)}T00:00:00Z`, end: `${isoDay(41)}T00:00:00Z` }, { token: vendor.accessToken })).blockResource;
    const before = await system.subgraphs.resources.db.resource.findMany({ where: { businessId: business.id }, orderBy: { id: "asc" } });

    const attempts = (resourceId: string, blockId: string) => [
      [UPDATE_RESOURCE, { id: resourceId, input: { name: "Hijacked" } }],
      [SET_RESOURCE_STATUS, { id: resourceId, status: "DELETED" }],
      [BLOCK_RESOURCE, { resourceId, start: `${isoDay(70)}T00:00:00Z`, end: `${isoDay(71)}T00:00:00Z` }],
      [UNBLOCK_RESOURCE, { blockId }],
    ] as const;
    for (const [mutation, variables] of attempts(visible.id, visibleBlock.id)) {
      expect(failureOf(await system.request(mutation, variables, { token: stranger.accessToken }))?.code, mutation).toBe("FORBIDDEN");
      expect(failureOf(await system.request(mutation, variables, { token: customer.accessToken }))?.code, mutation).toBe("FORBIDDEN");
      expect(failureOf(await system.request(mutation, variables))?.code, mutation).toBe("UNAUTHENTICATED");
    }
    for (const [mutation, variables] of attempts(hidden.id, block.id)) {
      expect(failureOf(await system.request(mutation, variables, { token: stranger.accessToken }))?.code, mutation).toBe("NOT_FOUND");
    }
    expect(failureOf(await system.request(CREATE_CATEGORY, { businessId: business.id, name: "Mine" }, { token: stranger.accessToken }))?.code).toBe("FORBIDDEN");
    expect(await system.subgraphs.resources.db.resource.findMany({ where: { businessId: business.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await system.subgraphs.bookings.db.resourceBlock.count({ where: { resourceId: { in: [visible.id, hidden.id] } } })).toBe(2);
    expect(await system.subgraphs.resources.db.resourceCategory.count({ where: { businessId: business.id } })).toBe(0);

    // admins may do all of it
    for (const [mutation, variables] of attempts(visible.id, visibleBlock.id)) ok(await system.request(mutation, variables, { token: admin.accessToken }));
  });

  it("freezes a DELETED business's catalog for its owner; admins still change it", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business });
    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "DELETED" }, { token: admin.accessToken }));
    expect(failureOf(await system.request(CREATE_RESOURCE, { businessId: business.id, input: RESOURCE_INPUT }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { name: "X" } }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(CREATE_CATEGORY, { businessId: business.id, name: "X" }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    expect(ok(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { name: "By admin" } }, { token: admin.accessToken })).updateResource.name).toBe("By admin");
  });

  it("answers NOT_FOUND for unknown and malformed ids on every resource mutation", async () => {
    const { vendor } = await makeActiveBusiness(system);
    for (const id of [randomUUID(), "not-a-uuid", ""]) {
      for (const [mutation, variables] of [
        [UPDATE_RESOURCE, { id, input: { name: "X" } }],
        [SET_RESOURCE_STATUS, { id, status: "INACTIVE" }],
        [BLOCK_RESOURCE, { resourceId: id, start: `${isoDay(40)}T00:00:00Z`, end: `${isoDay(41)}T00:00:00Z` }],
        [UNBLOCK_RESOURCE, { blockId: id }],
        [CREATE_CATEGORY, { businessId: id, name: "X" }],
      ] as const) {
        for (const token of [vendor.accessToken, admin.accessToken]) {
          expect(failureOf(await system.request(mutation, variables, { token }))?.code, `${mutation} ${id}`).toBe("NOT_FOUND");
        }
      }
    }
  });
});

describe("updateResource", () => {
  it("changes the given fields, clears description, category and slot length sent as null, and keeps the rest", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const category = ok(await system.request(CREATE_CATEGORY, { businessId: business.id, name: "Rooms" }, { token: vendor.accessToken })).createResourceCategory;
    const { resource } = await makeResource(system, { vendor, business }, { description: "Old", categoryId: category.id, metadata: { floor: 1 }, capacity: 2 });
    const updated = ok(
      await system.request(
        UPDATE_RESOURCE,
        { id: resource.id, input: { name: "Suite", description: null, categoryId: null, price: "150.5", metadata: {}, openingHours: WEEKDAYS_9_TO_5 } },
        { token: vendor.accessToken },
      ),
    ).updateResource;
    expect(updated).toMatchObject({
      name: "Suite",
      description: null,
      category: null,
      metadata: {},
      price: { amount: "150.50", currency: "EUR" },
      capacity: 2,
      openingHours: WEEKDAYS_9_TO_5,
      priceUnit: "NIGHT",
    });
    expect(ok(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { categoryId: category.id } }, { token: vendor.accessToken })).updateResource.category).toEqual({
      id: category.id,
      name: "Rooms",
    });
    const same = ok(await system.request(UPDATE_RESOURCE, { id: resource.id, input: {} }, { token: vendor.accessToken })).updateResource;
    expect(same.name).toBe("Suite");
  });

  it.each([
    ["name", { name: null }],
    ["price", { price: null }],
    ["currency", { currency: null }],
    ["capacity", { capacity: null }],
    ["openingHours", { openingHours: null }],
    ["metadata", { metadata: null }],
    ["freeCancellationHours", { freeCancellationHours: null }],
    // 120.50 EUR cannot become yen
    ["currency", { currency: "JPY" }],
    ["price", { price: "99.999" }],
    ["slotMinutes", { slotMinutes: 30 }],
  ])("rejects %s and changes nothing, not even the valid fields beside it", async (field, override) => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business }, { price: "120.50" });
    const before = await storedResource(resource.id);
    const result = await system.request(UPDATE_RESOURCE, { id: resource.id, input: { description: "Changed", ...override } }, { token: vendor.accessToken });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await storedResource(resource.id)).toEqual(before);
  });

  it("checks slots against new opening hours, blaming the field that changed", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business }, { priceUnit: "SLOT", slotMinutes: 30, openingHours: WEEKDAYS_9_TO_5 });
    const misfitHours = [{ dayOfWeek: 1, opens: "09:00", closes: "09:45" }];
    expect(failureOf(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { openingHours: misfitHours } }, { token: vendor.accessToken }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "openingHours",
    });
    expect(failureOf(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { slotMinutes: 45 } }, { token: vendor.accessToken }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "slotMinutes",
    });
    expect(failureOf(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { slotMinutes: null } }, { token: vendor.accessToken }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "slotMinutes",
    });
    const both = ok(await system.request(UPDATE_RESOURCE, { id: resource.id, input: { slotMinutes: 15, openingHours: misfitHours } }, { token: vendor.accessToken }));
    expect(both.updateResource).toMatchObject({ slotMinutes: 15, openingHours: misfitHours });
  });

  it("keeps concurrent updates of different fields both", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business });
    await Promise.all([
      system.request(UPDATE_RESOURCE, { id: resource.id, input: { name: "Renamed" } }, { token: vendor.accessToken }),
      system.request(UPDATE_RESOURCE, { id: resource.id, input: { capacity: 3 } }, { token: vendor.accessToken }),
      system.request(UPDATE_RESOURCE, { id: resource.id, input: { description: "Quiet" } }, { token: vendor.accessToken }),
    ]);
    expect(await storedResource(resource.id)).toMatchObject({ name: "Renamed", capacity: 3, description: "Quiet" });
  });
});

describe("setResourceStatus", () => {
  it("hides a resource that is not ACTIVE from the public, not from its owner; DELETED can be undone", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business });
    for (const status of ["INACTIVE", "MAINTENANCE", "DELETED"]) {
      expect(ok(await system.request(SET_RESOURCE_STATUS, { id: resource.id, status }, { token: vendor.accessToken })).setResourceStatus).toEqual({ id: resource.id, status });
      expect(await seenBy(resource.id, null)).toBeNull();
      expect(await seenBy(resource.id, customer)).toBeNull();
      expect((await seenBy(resource.id, vendor))?.status).toBe(status);
      expect(ids(await system.request(LIST, { filter: { businessId: business.id } }))).toEqual([]);
    }
    ok(await system.request(SET_RESOURCE_STATUS, { id: resource.id, status: "ACTIVE" }, { token: vendor.accessToken }));
    expect((await seenBy(resource.id, null))?.status).toBe("ACTIVE");
  });
});

describe("categories", () => {
  it("are unique per business whatever their case, also under concurrency; other businesses may reuse a name", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const other = await makeActiveBusiness(system);
    ok(await system.request(CREATE_CATEGORY, { businessId: business.id, name: " Rooms " }, { token: vendor.accessToken }));
    const duplicate = await system.request(CREATE_CATEGORY, { businessId: business.id, name: "ROOMS" }, { token: vendor.accessToken });
    expect(failureOf(duplicate)?.code).toBe("CATEGORY_ALREADY_EXISTS");
    expect(ok(await system.request(CREATE_CATEGORY, { businessId: other.business.id, name: "rooms" }, { token: other.vendor.accessToken })).createResourceCategory.name).toBe("rooms");

    const racing = await Promise.all(
      ["Suites", "suites", "SUITES", "sUites", "Suites "].map((name) => system.request(CREATE_CATEGORY, { businessId: business.id, name }, { token: vendor.accessToken })),
    );
    expect(racing.filter((result) => !result.errors)).toHaveLength(1);
    expect(racing.filter((result) => failureOf(result)?.code === "CATEGORY_ALREADY_EXISTS")).toHaveLength(4);
    const names = ok(await system.request(BUSINESS_CATALOG, { id: business.id })).business.categories.map((category: any) => category.name);
    expect(names.map((name: string) => name.toLowerCase())).toEqual(["rooms", "suites"]);
  });

  it("need a name of 1 to 100 characters", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    for (const name of ["", "   ", "x".repeat(101)]) {
      expect(failureOf(await system.request(CREATE_CATEGORY, { businessId: business.id, name }, { token: vendor.accessToken }))).toEqual({ code: "BAD_USER_INPUT", field: "name" });
    }
  });
});

describe("blocks", () => {
  it("block and unblock a resource; unblocking twice or an unknown block is NOT_FOUND", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business });
    const block = ok(
      await system.request(BLOCK_RESOURCE, { resourceId: resource.id, start: `${isoDay(90)}T10:00:00+01:00`, end: `${isoDay(91)}T10:00:00+01:00`, reason: " Painting " }, { token: vendor.accessToken }),
    ).blockResource;
    expect(block).toMatchObject({ start: `${isoDay(90)}T09:00:00.000Z`, end: `${isoDay(91)}T09:00:00.000Z`, reason: "Painting", resource: { id: resource.id } });
    expect(ok(await system.request(UNBLOCK_RESOURCE, { blockId: block.id.toUpperCase() }, { token: vendor.accessToken })).unblockResource).toBe(true);
    expect(failureOf(await system.request(UNBLOCK_RESOURCE, { blockId: block.id }, { token: vendor.accessToken }))?.code).toBe("NOT_FOUND");
  });

  it("need start before end and a reason of at most 500 characters", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    const { resource } = await makeResource(system, { vendor, business });
    const block = (start: string, end: string, reason?: string) => system.request(BLOCK_RESOURCE, { resourceId: resource.id, start, end, reason }, { token: vendor.accessToken });
    expect(failureOf(await block(`${isoDay(91)}T00:00:00Z`, `${isoDay(90)}T00:00:00Z`))).toEqual({ code: "BAD_USER_INPUT", field: "end" });
    expect(failureOf(await block(`${isoDay(90)}T00:00:00Z`, `${isoDay(90)}T00:00:00Z`))).toEqual({ code: "BAD_USER_INPUT", field: "end" });
    expect(failureOf(await block(`${isoDay(90)}T00:00:00Z`, `${isoDay(91)}T00:00:00Z`, "x".repeat(501)))).toEqual({ code: "BAD_USER_INPUT", field: "reason" });
    expect(await system.subgraphs.bookings.db.resourceBlock.count({ where: { resourceId: resource.id } })).toBe(0);
  });
});

describe("resources()", () => {
  it("filters by business, type, business type, city, price range and text, and pages without duplicates or gaps", async () => {
    const city = `Filterburg ${randomUUID().slice(0, 8)}`;
    const salon = await makeActiveBusiness(system, { city, type: "SALON", name: "Studio Kami" });
    const clinic = await makeActiveBusiness(system, { city, type: "CLINIC", name: "Riverside Clinic" });
    const chairs: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      chairs.push((await makeResource(system, salon, { name: `Chair ${index}`, type: "SALON_CHAIR", price: `${10 + index}.00`, priceUnit: "HOUR" })).resource.id);
    }
    const { resource: doctor } = await makeResource(system, clinic, { name: "Dr. Window", type: "DOCTOR_SLOT", price: "13.00", priceUnit: "HOUR" });
    const { resource: hidden } = await makeResource(system, salon, { name: "Chair hidden", type: "SALON_CHAIR", price: "12.00", priceUnit: "HOUR" });
    ok(await system.request(SET_RESOURCE_STATUS, { id: hidden.id, status: "INACTIVE" }, { token: salon.vendor.accessToken }));

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await system.request(LIST, { filter: { city: city.toLowerCase(), type: "SALON_CHAIR" }, first: 2, after }));
      expect(page.resources.totalCount).toBe(7);
      seen.push(...page.resources.edges.map((edge: any) => edge.node.id));
      if (!page.resources.pageInfo.hasNextPage) break;
      after = page.resources.pageInfo.endCursor;
    }
    expect(seen).toEqual(chairs);

    expect(ids(await system.request(LIST, { filter: { city, businessType: "CLINIC" } }))).toEqual([doctor.id]);
    expect(ids(await system.request(LIST, { filter: { businessId: clinic.business.id.toUpperCase() } }))).toEqual([doctor.id]);
    expect(ids(await system.request(LIST, { filter: { city, minPrice: "12.00", maxPrice: "13" } }))).toEqual([chairs[2], chairs[3], doctor.id]);
    expect(ids(await system.request(LIST, { filter: { city, search: "window" } }))).toEqual([doctor.id]);
    expect(ids(await system.request(LIST, { filter: { city, search: "kami" } }))).toEqual(chairs);
    expect(ids(await system.request(LIST, { filter: { city, search: "Chair _" } }))).toEqual([]);
    expect(ok(await system.request(LIST, { filter: { city, type: null, businessType: null, minPrice: null, maxPrice: null, search: null, businessId: null } })).resources.totalCount).toBe(8);
    // the owner also sees their hidden resource in lists
    expect(ids(await system.request(LIST, { filter: { city, type: "SALON_CHAIR" }, first: 100 }, { token: salon.vendor.accessToken }))).toEqual([...chairs, hidden.id]);
  });

  it("rejects bad page sizes, foreign cursors and a price range that ends before it starts", async () => {
    for (const first of [0, 101]) expect(failureOf(await system.request(LIST, { first }))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(failureOf(await system.request(LIST, { after: "bogus" }))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(failureOf(await system.request(LIST, { filter: { minPrice: "20", maxPrice: "10" } }))).toEqual({ code: "BAD_USER_INPUT", field: "maxPrice" });
    expect(failureOf(await system.request(LIST, { filter: { search: "x".repeat(201) } }))).toEqual({ code: "BAD_USER_INPUT", field: "search" });
    expect(ok(await system.request(LIST, { filter: { businessId: "not-a-uuid" } })).resources.totalCount).toBe(0);
  });
});

describe("the business replica", () => {
  it("follows business changes: a suspended or inactive business's resources leave public lists, a new city is searchable", async () => {
    const city = `Synctown ${randomUUID().slice(0, 8)}`;
    const { vendor, business } = await makeActiveBusiness(system, { city });
    const { resource } = await makeResource(system, { vendor, business });
    const listed = async (filter: Record<string, unknown>) => ids(await system.request(LIST, { filter }));
    // While the replica still has the old facts, a list may name a business that businesses hides
    // already (its non-null fields fail the list): not settled yet.
    const settledList = async (filter: Record<string, unknown>) => {
      const result = await system.request(LIST, { filter });
      return result.data?.resources ? ids(result) : undefined;
    };
    expect(await listed({ city })).toEqual([resource.id]);

    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "SUSPENDED" }, { token: admin.accessToken }));
    await waitFor(async () => (await settledList({ city }))?.length === 0, 10_000, "the suspended business's resources to leave the list");
    expect(await seenBy(resource.id, null)).toBeNull();
    expect((await seenBy(resource.id, vendor))?.id).toBe(resource.id);

    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "ACTIVE" }, { token: admin.accessToken }));
    const moved = `${city} North`;
    ok(await system.request(UPDATE_BUSINESS, { id: business.id, input: { city: moved, name: "Renamed Hotel" } }, { token: vendor.accessToken }));
    await waitFor(async () => (await settledList({ city: moved }))?.length === 1, 10_000, "the new city in the list");
    expect(await listed({ city })).toEqual([]);
    expect(await listed({ search: "Renamed Hotel" })).toEqual([resource.id]);
    const replica = await system.subgraphs.resources.db.business.findUniqueOrThrow({ where: { id: business.id } });
    const source = await system.subgraphs.businesses.db.business.findUniqueOrThrow({ where: { id: business.id } });
    expect(replica).toMatchObject({ ownerId: vendor.id, name: "Renamed Hotel", city: moved, status: "ACTIVE", timezone: source.timezone, version: source.version });
  });

  it("lets a vendor add resources the moment the business exists, before any push arrives", async () => {
    const vendor = await signUpVendor(system);
    const results = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const { business } = await makeBusiness(system, { vendor }).catch(() => ({ business: null }));
        return business;
      }),
    );
    const business = results.find((made) => made !== null)!;
    // the replica may or may not have it yet; createResource asks businesses either way
    await system.subgraphs.resources.db.business.deleteMany({ where: { id: business.id } });
    const { resource } = await makeResource(system, { vendor, business });
    expect(resource.business.id).toBe(business.id);
    expect(await system.subgraphs.resources.db.business.findUnique({ where: { id: business.id } })).toMatchObject({ ownerId: vendor.id, status: "PENDING" });
  });
});
