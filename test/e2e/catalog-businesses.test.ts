import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { BUSINESS, CREATE_BUSINESS, SET_BUSINESS_STATUS, UPDATE_BUSINESS, VERIFY_BUSINESS, ok } from "../support/catalog.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { BUSINESS_INPUT, theAdmin, signUpVendor, makeBusiness, makeActiveBusiness } from "../support/factories.js";
import { failureOf } from "../support/errors.js";

let system: TestSupergraph;
let admin: SignedIn;
let customer: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  [admin, customer, stranger] = await Promise.all([theAdmin(system), signUp(system, { prefix: "cust" }), signUpVendor(system)]);
});
afterAll(async () => system?.stop());

const LIST = `query($filter: BusinessFilter, $first: Int, $after: String) {
  businesses(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name type city status } }
  }
}`;

const businessCount = () => system.subgraphs.businesses.db.business.count();
const storedBusiness = (id: string) => system.subgraphs.businesses.db.business.findUniqueOrThrow({ where: { id } });
const seenBy = async (id: string, viewer: SignedIn | null) => ok(await system.request(BUSINESS, { id }, { token: viewer?.accessToken })).business;
const ids = (result: any): string[] => ok(result).businesses.edges.map((edge: any) => edge.node.id);

describe("the business lifecycle", () => {
  it("vendor creates (PENDING, private), admin verifies, the public sees it", async () => {
    const vendor = await signUpVendor(system);
    const created = ok(
      await system.request(
        CREATE_BUSINESS,
        {
          input: {
            name: "  Harbour View Hotel  ",
            description: "Rooms over the river",
            type: "HOTEL",
            address: "Rua do Cais 1",
            city: "Lisbon",
            phone: "+351 21 000 0000",
            email: "Front.Desk@Harbour.example",
            timezone: "Europe/Lisbon",
          },
        },
        { token: vendor.accessToken },
      ),
    ).createBusiness;
    expect(created).toMatchObject({
      name: "Harbour View Hotel",
      description: "Rooms over the river",
      type: "HOTEL",
      address: "Rua do Cais 1",
      city: "Lisbon",
      phone: "+351 21 000 0000",
      email: "front.desk@harbour.example",
      timezone: "Europe/Lisbon",
      status: "PENDING",
      isVerified: false,
      owner: { id: vendor.id },
    });
    expect(new Date(created.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    expect(await seenBy(created.id, null)).toBeNull();
    expect(await seenBy(created.id, customer)).toBeNull();
    expect(await seenBy(created.id, stranger)).toBeNull();
    expect((await seenBy(created.id, vendor))?.status).toBe("PENDING");
    expect((await seenBy(created.id, admin))?.status).toBe("PENDING");
    expect(ids(await system.request(LIST, { filter: { city: "Lisbon", search: "Harbour View" } }))).toEqual([]);
    const me = ok(await system.request(`{ me { business { id status } } }`, {}, { token: vendor.accessToken }));
    expect(me.me.business).toEqual({ id: created.id, status: "PENDING" });

    const verified = ok(await system.request(VERIFY_BUSINESS, { id: created.id }, { token: admin.accessToken })).verifyBusiness;
    expect(verified).toEqual({ id: created.id, status: "ACTIVE", isVerified: true });
    expect(await seenBy(created.id, null)).toMatchObject({ id: created.id, status: "ACTIVE", isVerified: true, owner: { id: vendor.id } });
    expect(ids(await system.request(LIST, { filter: { search: "Harbour View" } }))).toEqual([created.id]);
  });

  it("refuses a business to anonymous callers, customers and admins, writing nothing", async () => {
    const before = await businessCount();
    const anonymous = await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT });
    expect(failureOf(anonymous)?.code).toBe("UNAUTHENTICATED");
    expect(anonymous.data?.createBusiness ?? null).toBeNull();
    expect(failureOf(await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT }, { token: customer.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT }, { token: admin.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT }, { token: "not-a-token" }))?.code).toBe("UNAUTHENTICATED");
    expect(await businessCount()).toBe(before);
  });

  it("gives a vendor one business: the second fails with BUSINESS_ALREADY_EXISTS", async () => {
    const { vendor, business } = await makeBusiness(system);
    const second = await system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, name: "Second" } }, { token: vendor.accessToken });
    expect(failureOf(second)?.code).toBe("BUSINESS_ALREADY_EXISTS");
    expect(await system.subgraphs.businesses.db.business.findMany({ where: { ownerId: vendor.id }, select: { id: true } })).toEqual([{ id: business.id }]);
  });

  it("lets exactly one of many concurrent createBusiness calls of one vendor win", async () => {
    const vendor = await signUpVendor(system);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, name: `Race ${index}` } }, { token: vendor.accessToken })),
    );
    const codes = results.map((result) => failureOf(result)?.code ?? "OK").sort();
    expect(codes).toEqual(["BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "BUSINESS_ALREADY_EXISTS", "OK"]);
    expect(await system.subgraphs.businesses.db.business.count({ where: { ownerId: vendor.id } })).toBe(1);
  });
});

describe("createBusiness input", () => {
  it.each([
    ["name", { name: "   " }],
    ["name", { name: "x".repeat(201) }],
    ["description", { description: "x".repeat(2001) }],
    ["address", { address: "x".repeat(301) }],
    ["city", { city: "x".repeat(101) }],
    ["phone", { phone: "call me" }],
    ["email", { email: "not-an-email" }],
    ["timezone", { timezone: "Mars/Olympus" }],
    ["timezone", { timezone: "+02:00" }],
    ["timezone", { timezone: "" }],
    ["timezone", { timezone: "Europe/Nowhere" }],
  ])("rejects a bad %s with BAD_USER_INPUT naming it, writing nothing", async (field, override) => {
    const vendor = await signUpVendor(system);
    const before = await businessCount();
    const result = await system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, ...override } }, { token: vendor.accessToken });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await businessCount()).toBe(before);
    // the vendor may still create one
    ok(await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT }, { token: vendor.accessToken }));
  });

  it("rejects an unknown type as invalid GraphQL, and accepts explicit nulls for optional fields", async () => {
    const vendor = await signUpVendor(system);
    const badType = await system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, type: "CASINO" } }, { token: vendor.accessToken });
    expect(failureOf(badType)?.code).toBe("BAD_USER_INPUT");
    const created = ok(
      await system.request(
        CREATE_BUSINESS,
        { input: { ...BUSINESS_INPUT, description: null, address: null, city: null, phone: null, email: "  " } },
        { token: vendor.accessToken },
      ),
    ).createBusiness;
    expect(created).toMatchObject({ description: null, address: null, city: null, phone: null, email: null });
  });

  it("stores time zones as the time-zone database spells them", async () => {
    const { business } = await makeBusiness(system, { timezone: " america/new_york " });
    expect(business.timezone).toBe("America/New_York");
    const { business: utc } = await makeBusiness(system, { timezone: "UTC" });
    expect(utc.timezone).toBe("UTC");
  });
});

describe("updateBusiness", () => {
  it("changes the given fields, clears optional ones sent as null, and keeps the rest", async () => {
    const { vendor, business } = await makeBusiness(system, { description: "Old", phone: "+1 555 0100", email: "a@b.example", address: "Main St" });
    const updated = ok(
      await system.request(UPDATE_BUSINESS, { id: business.id, input: { name: "New name", description: null, phone: null, timezone: "Asia/Tokyo" } }, { token: vendor.accessToken }),
    ).updateBusiness;
    expect(updated).toMatchObject({ name: "New name", description: null, phone: null, email: "a@b.example", address: "Main St", timezone: "Asia/Tokyo", city: "Lisbon" });
    const empty = ok(await system.request(UPDATE_BUSINESS, { id: business.id, input: {} }, { token: vendor.accessToken })).updateBusiness;
    expect(empty).toEqual(updated);
  });

  it.each([
    ["name", { name: null }],
    ["timezone", { timezone: null }],
    ["timezone", { timezone: "Europe/Atlantis" }],
    ["email", { email: "nope" }],
    ["name", { name: "" }],
  ])("rejects a bad %s and changes nothing, not even the valid fields beside it", async (field, override) => {
    const { vendor, business } = await makeBusiness(system);
    const before = await storedBusiness(business.id);
    const result = await system.request(UPDATE_BUSINESS, { id: business.id, input: { city: "Elsewhere", ...override } }, { token: vendor.accessToken });
    expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await storedBusiness(business.id)).toEqual(before);
  });

  it("lets admins update any business", async () => {
    const { business } = await makeBusiness(system);
    expect(ok(await system.request(UPDATE_BUSINESS, { id: business.id, input: { city: "Porto" } }, { token: admin.accessToken })).updateBusiness.city).toBe("Porto");
  });

  it("keeps other vendors out: FORBIDDEN for a business they can see, NOT_FOUND for one they cannot", async () => {
    const { business: active } = await makeActiveBusiness(system);
    const { business: pending } = await makeBusiness(system);
    const before = await storedBusiness(active.id);
    expect(failureOf(await system.request(UPDATE_BUSINESS, { id: active.id, input: { name: "Mine now" } }, { token: stranger.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(UPDATE_BUSINESS, { id: pending.id, input: { name: "Mine now" } }, { token: stranger.accessToken }))?.code).toBe("NOT_FOUND");
    expect(failureOf(await system.request(UPDATE_BUSINESS, { id: active.id, input: { name: "Mine now" } }, { token: customer.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(UPDATE_BUSINESS, { id: active.id, input: { name: "Mine now" } }))?.code).toBe("UNAUTHENTICATED");
    expect(await storedBusiness(active.id)).toEqual(before);
  });

  it("answers NOT_FOUND for unknown and malformed ids, upper-case ids being the same ids", async () => {
    const { vendor, business } = await makeBusiness(system);
    for (const id of [randomUUID(), "not-a-uuid", "", "1"]) {
      expect(failureOf(await system.request(UPDATE_BUSINESS, { id, input: { name: "X" } }, { token: vendor.accessToken }))?.code, id).toBe("NOT_FOUND");
    }
    expect(ok(await system.request(UPDATE_BUSINESS, { id: business.id.toUpperCase(), input: { name: "Upper" } }, { token: vendor.accessToken })).updateBusiness.id).toBe(business.id);
  });
});

describe("verifyBusiness", () => {
  it("is for admins only", async () => {
    const { vendor, business } = await makeBusiness(system);
    expect(failureOf(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: customer.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(VERIFY_BUSINESS, { id: business.id }))?.code).toBe("UNAUTHENTICATED");
    expect(await storedBusiness(business.id)).toMatchObject({ status: "PENDING", isVerified: false });
  });

  it("answers NOT_FOUND for unknown and malformed ids, and verifies once (again changes nothing)", async () => {
    for (const id of [randomUUID(), "nope"]) expect(failureOf(await system.request(VERIFY_BUSINESS, { id }, { token: admin.accessToken }))?.code).toBe("NOT_FOUND");
    const { business } = await makeBusiness(system);
    ok(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: admin.accessToken }));
    const once = await storedBusiness(business.id);
    expect(ok(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: admin.accessToken })).verifyBusiness).toEqual({ id: business.id, status: "ACTIVE", isVerified: true });
    expect(await storedBusiness(business.id)).toEqual(once);
  });

  it("marks a business an admin already moved on from PENDING as verified, without changing its status", async () => {
    const { business } = await makeBusiness(system);
    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "SUSPENDED" }, { token: admin.accessToken }));
    expect(ok(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: admin.accessToken })).verifyBusiness).toEqual({ id: business.id, status: "SUSPENDED", isVerified: true });
  });
});

describe("setBusinessStatus", () => {
  it("lets the owner switch between ACTIVE and INACTIVE, hiding the business from the public while INACTIVE", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    expect(ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "INACTIVE" }, { token: vendor.accessToken })).setBusinessStatus.status).toBe("INACTIVE");
    expect(await seenBy(business.id, null)).toBeNull();
    expect((await seenBy(business.id, vendor))?.status).toBe("INACTIVE");
    expect(ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "ACTIVE" }, { token: vendor.accessToken })).setBusinessStatus.status).toBe("ACTIVE");
    expect(ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "ACTIVE" }, { token: vendor.accessToken })).setBusinessStatus.status).toBe("ACTIVE");
    expect((await seenBy(business.id, null))?.status).toBe("ACTIVE");
  });

  it("refuses the owner every other transition: activating before verification, suspending, deleting", async () => {
    const { vendor, business: pending } = await makeBusiness(system);
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: pending.id, status: "ACTIVE" }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    ok(await system.request(VERIFY_BUSINESS, { id: pending.id }, { token: admin.accessToken }));
    for (const status of ["SUSPENDED", "DELETED"]) {
      expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: pending.id, status }, { token: vendor.accessToken }))?.code, status).toBe("FORBIDDEN");
    }
    expect((await storedBusiness(pending.id)).status).toBe("ACTIVE");
  });

  it("lets admins suspend and soft-delete; the owner can then neither reactivate nor edit, and still sees it", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "SUSPENDED" }, { token: admin.accessToken }));
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "ACTIVE" }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    expect(await seenBy(business.id, null)).toBeNull();

    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "DELETED" }, { token: admin.accessToken }));
    expect((await seenBy(business.id, vendor))?.status).toBe("DELETED");
    expect(failureOf(await system.request(UPDATE_BUSINESS, { id: business.id, input: { name: "Back" } }, { token: vendor.accessToken }))?.code).toBe("FORBIDDEN");
    // still the vendor's one business: a soft delete keeps the row
    expect(failureOf(await system.request(CREATE_BUSINESS, { input: BUSINESS_INPUT }, { token: vendor.accessToken }))?.code).toBe("BUSINESS_ALREADY_EXISTS");

    ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "ACTIVE" }, { token: admin.accessToken }));
    expect((await seenBy(business.id, null))?.status).toBe("ACTIVE");
  });

  it("puts nobody's business back to PENDING", async () => {
    const { vendor, business } = await makeActiveBusiness(system);
    for (const token of [vendor.accessToken, admin.accessToken]) {
      expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: business.id, status: "PENDING" }, { token }))).toEqual({ code: "BAD_USER_INPUT", field: "status" });
    }
    expect((await storedBusiness(business.id)).status).toBe("ACTIVE");
  });

  it("keeps other vendors and customers out", async () => {
    const { business: active } = await makeActiveBusiness(system);
    const { vendor: owner, business: inactive } = await makeActiveBusiness(system);
    ok(await system.request(SET_BUSINESS_STATUS, { id: inactive.id, status: "INACTIVE" }, { token: owner.accessToken }));
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: active.id, status: "INACTIVE" }, { token: stranger.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: inactive.id, status: "ACTIVE" }, { token: stranger.accessToken }))?.code).toBe("NOT_FOUND");
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: active.id, status: "INACTIVE" }, { token: customer.accessToken }))?.code).toBe("FORBIDDEN");
    expect(failureOf(await system.request(SET_BUSINESS_STATUS, { id: randomUUID(), status: "INACTIVE" }, { token: admin.accessToken }))?.code).toBe("NOT_FOUND");
    expect((await storedBusiness(active.id)).status).toBe("ACTIVE");
    expect((await storedBusiness(inactive.id)).status).toBe("INACTIVE");
  });
});

describe("businesses()", () => {
  it("filters by type, city and text, ignoring case, and pages without duplicates or gaps", async () => {
    const city = `Pagecity ${randomUUID().slice(0, 8)}`;
    const salons: string[] = [];
    for (let index = 0; index < 7; index += 1) salons.push((await makeActiveBusiness(system, { city, type: "SALON", name: `Salon ${index}` })).business.id);
    await makeActiveBusiness(system, { city, type: "CLINIC", name: "Clinic" });
    await makeBusiness(system, { city, type: "SALON", name: "Pending salon" });

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await system.request(LIST, { filter: { city: city.toUpperCase(), type: "SALON" }, first: 3, after }));
      expect(page.businesses.totalCount).toBe(7);
      seen.push(...page.businesses.edges.map((edge: any) => edge.node.id));
      if (!page.businesses.pageInfo.hasNextPage) break;
      after = page.businesses.pageInfo.endCursor;
    }
    expect(seen).toEqual(salons);

    expect(ids(await system.request(LIST, { filter: { city, search: "clinic" } }))).toHaveLength(1);
    expect(ids(await system.request(LIST, { filter: { city, search: "salon 3" } }))).toEqual([salons[3]]);
    // LIKE wildcards match themselves
    expect(ids(await system.request(LIST, { filter: { city, search: "%" } }))).toEqual([]);
    expect(ids(await system.request(LIST, { filter: { city, search: "Salon _" } }))).toEqual([]);
    expect(ids(await system.request(LIST, { filter: { city: "%" } }))).toEqual([]);
    const nulls = ok(await system.request(LIST, { filter: { city, type: null, status: null, search: null } }));
    expect(nulls.businesses.totalCount).toBe(8);
  });

  it("shows non-admins ACTIVE businesses only and lets admins filter by any status", async () => {
    const city = `Statustown ${randomUUID().slice(0, 8)}`;
    const { business: active } = await makeActiveBusiness(system, { city });
    const { vendor, business: pending } = await makeBusiness(system, { city });
    expect(ids(await system.request(LIST, { filter: { city } }, { token: vendor.accessToken }))).toEqual([active.id]);
    expect(ids(await system.request(LIST, { filter: { city, status: "PENDING" } }, { token: vendor.accessToken }))).toEqual([]);
    expect(ids(await system.request(LIST, { filter: { city, status: "PENDING" } }, { token: admin.accessToken }))).toEqual([pending.id]);
    expect(ids(await system.request(LIST, { filter: { city } }, { token: admin.accessToken }))).toEqual([active.id, pending.id]);
  });

  it("rejects page sizes outside 1..100 and foreign cursors", async () => {
    for (const first of [0, 101]) expect(failureOf(await system.request(LIST, { first }))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(failureOf(await system.request(LIST, { after: "bogus" }))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(failureOf(await system.request(LIST, { filter: { search: "x".repeat(201) } }))).toEqual({ code: "BAD_USER_INPUT", field: "search" });
    expect(failureOf(await system.request(LIST, { filter: { city: "x".repeat(101) } }))).toEqual({ code: "BAD_USER_INPUT", field: "city" });
  });
});
