import { Role, type Viewer } from "@booking/common";
import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { randomUUID } from "node:crypto";
import { Kind, parse, print, type ObjectTypeDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subgraphRequest, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { daysFromNow, plusMinutes } from "../../../test/support/time.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";

type BookingsDb = Awaited<ReturnType<typeof bookingsSubgraph.connect>>;
type BookingData = Parameters<BookingsDb["booking"]["create"]>[0]["data"];

let subgraph: TestSubgraph<BookingsDb>;

beforeAll(async () => {
  // Nothing answers on port 9: resources and users are down for this subgraph.
  subgraph = await startTestSubgraph(bookingsSubgraph, { RESOURCES_URL: "http://127.0.0.1:9/graphql", USERS_URL: "http://127.0.0.1:9/graphql" });
  // A server whose default zone is not UTC: instants must still be stored as given.
  const database = new URL(subgraph.databaseUrl).pathname.slice(1);
  await subgraph.db.$executeRawUnsafe(`ALTER DATABASE "${database}" SET TimeZone = 'America/New_York'`);
});
afterAll(async () => subgraph?.stop());

const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };
const customer = (): Viewer => ({ userId: randomUUID(), role: Role.CUSTOMER });
const vendor = (): Viewer => ({ userId: randomUUID(), role: Role.VENDOR });

// Every instant is relative to now: the stay is a month ahead, the history lies in the past.
const CHECK_IN = daysFromNow(30, 14);
const CHECK_OUT = daysFromNow(32, 10);
const LAST_WEEK = daysFromNow(-7, 12);

/** A booking row with sensible defaults: a confirmed two-night stay at 75.00 EUR a night. */
async function makeBooking(overrides: Partial<BookingData> = {}) {
  return subgraph.db.booking.create({
    data: {
      bookingNumber: `BK-${randomUUID().slice(0, 13).toUpperCase()}`,
      customerId: randomUUID(),
      resourceId: randomUUID(),
      businessId: randomUUID(),
      businessOwnerId: randomUUID(),
      status: "CONFIRMED",
      startTime: CHECK_IN,
      endTime: CHECK_OUT,
      quantity: 1,
      units: 2,
      snapshotBusinessName: "Hotel Aurora",
      snapshotResourceName: "Room 101",
      snapshotResourceType: "HOTEL_ROOM",
      unitPrice: "75.00",
      currency: "EUR",
      priceUnit: "NIGHT",
      timezone: "Europe/Berlin",
      total: "150.00",
      contactName: "Ada Lovelace",
      contactEmail: "ada@example.com",
      contactPhone: "+44 20 0000 0000",
      idempotencyKey: randomUUID(),
      ...overrides,
    },
  });
}

const BOOKING_FIELDS = `id bookingNumber status customer { id } resource { id } business { id }
  snapshot { businessName resourceName resourceType unitPrice { amount currency } priceUnit timezone }
  contact { name email phone } startTime endTime quantity units total { amount currency } notes
  holdExpiresAt cancelledAt cancelReason cancelledBy history { from to at reason } createdAt`;

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Booking { id history { from to reason } } } }`;

describe("Query.booking", () => {
  it("shows every contract field of a booking to its customer", async () => {
    // A hold made a minute ago that lasts its 15 minutes: the expiry job leaves it alone.
    const heldAt = plusMinutes(new Date(), -1);
    const holdExpiresAt = plusMinutes(heldAt, 15);
    const row = await makeBooking({ notes: "late arrival", status: "HOLD", holdExpiresAt });
    await subgraph.db.bookingStatusChange.create({ data: { bookingId: row.id, fromStatus: null, toStatus: "HOLD", at: heldAt } });
    const result = await subgraphRequest(subgraph.url, `query($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`, { id: row.id }, { viewer: { userId: row.customerId, role: Role.CUSTOMER } });
    expect(result.errors).toBeUndefined();
    expect(result.data.booking).toEqual({
      id: row.id,
      bookingNumber: row.bookingNumber,
      status: "HOLD",
      customer: { id: row.customerId },
      resource: { id: row.resourceId },
      business: { id: row.businessId },
      snapshot: { businessName: "Hotel Aurora", resourceName: "Room 101", resourceType: "HOTEL_ROOM", unitPrice: { amount: "75.00", currency: "EUR" }, priceUnit: "NIGHT", timezone: "Europe/Berlin" },
      contact: { name: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 0000 0000" },
      startTime: CHECK_IN.toISOString(),
      endTime: CHECK_OUT.toISOString(),
      quantity: 1,
      units: 2,
      total: { amount: "150.00", currency: "EUR" },
      notes: "late arrival",
      holdExpiresAt: holdExpiresAt.toISOString(),
      cancelledAt: null,
      cancelReason: null,
      cancelledBy: null,
      history: [{ from: null, to: "HOLD", at: heldAt.toISOString(), reason: null }],
      createdAt: row.createdAt.toISOString(),
    });
  });

  it("shows a booking to its business owner and to admins, and to nobody else", async () => {
    const row = await makeBooking();
    const ask = (viewer: Viewer | null) => subgraphRequest(subgraph.url, `query($id: ID!) { booking(id: $id) { id } }`, { id: row.id }, { viewer });
    expect((await ask({ userId: row.businessOwnerId, role: Role.VENDOR })).data?.booking).toEqual({ id: row.id });
    expect((await ask(admin)).data?.booking).toEqual({ id: row.id });

    const stranger = await ask(customer());
    expect(codeOf(stranger)).toBe("NOT_FOUND");
    const otherVendor = await ask(vendor());
    expect(codeOf(otherVendor)).toBe("NOT_FOUND");
    const anonymous = await ask(null);
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
  });

  it("answers NOT_FOUND for unknown and malformed ids, never a server error", async () => {
    for (const id of [randomUUID(), "not-a-uuid", "", "'; DROP TABLE bookings; --"]) {
      const result = await subgraphRequest(subgraph.url, `query($id: ID!) { booking(id: $id) { id } }`, { id }, { viewer: admin });
      expect(codeOf(result)).toBe("NOT_FOUND");
    }
  });

  it("accepts an upper-case spelling of a booking's id", async () => {
    const row = await makeBooking();
    const result = await subgraphRequest(subgraph.url, `query($id: ID!) { booking(id: $id) { id } }`, { id: row.id.toUpperCase() }, { viewer: admin });
    expect(result.data?.booking).toEqual({ id: row.id });
  });
});

describe("Booking references", () => {
  it("resolve many bookings with their history in a constant number of queries", async () => {
    const costOf = async (count: number) => {
      const rows = await Promise.all(Array.from({ length: count }, () => makeBooking()));
      for (const row of rows) {
        await subgraph.db.bookingStatusChange.createMany({
          data: [
            { bookingId: row.id, fromStatus: null, toStatus: "HOLD", at: LAST_WEEK },
            { bookingId: row.id, fromStatus: "HOLD", toStatus: "CONFIRMED", at: plusMinutes(LAST_WEEK, 5), reason: "paid" },
          ],
        });
      }
      subgraph.resetQueries();
      const result = await subgraphRequest(subgraph.url, ENTITIES, { representations: rows.map((row) => ({ __typename: "Booking", id: row.id })) }, { viewer: admin });
      expect(result.errors).toBeUndefined();
      expect(result.data._entities).toEqual(
        rows.map((row) => ({
          id: row.id,
          history: [
            { from: null, to: "HOLD", reason: null },
            { from: "HOLD", to: "CONFIRMED", reason: "paid" },
          ],
        })),
      );
      return subgraph.queries.length;
    };
    const one = await costOf(1);
    const fifty = await costOf(50);
    expect(one).toBe(2);
    expect(fifty).toBe(one);
  });

  it("resolve to null for bookings the viewer may not see, for unknown and for malformed ids", async () => {
    const mine = await makeBooking();
    const theirs = await makeBooking();
    const viewer: Viewer = { userId: mine.customerId, role: Role.CUSTOMER };
    const result = await subgraphRequest(
      subgraph.url,
      ENTITIES,
      { representations: [mine.id, theirs.id, randomUUID(), "nope"].map((id) => ({ __typename: "Booking", id })) },
      { viewer },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([{ id: mine.id, history: [] }, null, null, null]);
  });
});

const USER_BOOKINGS = `query($representations: [_Any!]!, $first: Int, $after: String, $status: BookingStatus) {
  _entities(representations: $representations) { ... on User { id bookings(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } } }
}`;

describe("User.bookings", () => {
  it("walks a customer's bookings page by page without gaps or duplicates, ties on createdAt included", async () => {
    const customerId = randomUUID();
    const sameMoment = daysFromNow(-30, 8);
    const rows = [
      ...(await Promise.all(Array.from({ length: 6 }, () => makeBooking({ customerId, createdAt: sameMoment })))),
      ...(await Promise.all(Array.from({ length: 5 }, (_, i) => makeBooking({ customerId, createdAt: new Date(sameMoment.getTime() + (i + 1) * 1000) })))),
    ];
    await makeBooking(); // someone else's
    const expectedOrder = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map((row) => row.id);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: any = await subgraphRequest(subgraph.url, USER_BOOKINGS, { representations: [{ __typename: "User", id: customerId }], first: 4, after }, { viewer: { userId: customerId, role: Role.CUSTOMER } });
      expect(result.errors).toBeUndefined();
      const connection = result.data._entities[0].bookings;
      expect(connection.totalCount).toBe(11);
      seen.push(...connection.edges.map((edge: any) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expectedOrder);

    // a page past the end is empty but still counts the whole list
    const last = await subgraphRequest(subgraph.url, USER_BOOKINGS, { representations: [{ __typename: "User", id: customerId }], first: 4, after }, { viewer: admin });
    const afterEnd = await subgraphRequest(
      subgraph.url,
      USER_BOOKINGS,
      { representations: [{ __typename: "User", id: customerId }], after: last.data._entities[0].bookings.pageInfo.endCursor },
      { viewer: admin },
    );
    expect(afterEnd.data._entities[0].bookings).toEqual({ totalCount: 11, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it("filters by status, and counts only the filtered list", async () => {
    const customerId = randomUUID();
    await makeBooking({ customerId, status: "CONFIRMED" });
    const cancelled = await makeBooking({ customerId, status: "CANCELLED", cancelledAt: new Date(), cancelledBy: "CUSTOMER", cancelReason: "plans changed" });
    const result = await subgraphRequest(subgraph.url, USER_BOOKINGS, { representations: [{ __typename: "User", id: customerId }], status: "CANCELLED" }, { viewer: { userId: customerId, role: Role.CUSTOMER } });
    expect(result.data._entities[0].bookings.totalCount).toBe(1);
    expect(result.data._entities[0].bookings.edges).toEqual([{ cursor: expect.any(String), node: { id: cancelled.id, status: "CANCELLED" } }]);
  });

  it("is visible to the user themself and admins only", async () => {
    const row = await makeBooking();
    const ask = (viewer: Viewer | null) => subgraphRequest(subgraph.url, USER_BOOKINGS, { representations: [{ __typename: "User", id: row.customerId }] }, { viewer });
    expect((await ask({ userId: row.customerId, role: Role.CUSTOMER })).data._entities[0].bookings.totalCount).toBe(1);
    expect((await ask(admin)).data._entities[0].bookings.totalCount).toBe(1);
    expect(codeOf((await ask({ userId: row.businessOwnerId, role: Role.VENDOR })))).toBe("FORBIDDEN");
    expect(codeOf((await ask(customer())))).toBe("FORBIDDEN");
    expect(codeOf((await ask(null)))).toBe("UNAUTHENTICATED");
  });

  it("rejects a page size outside 1..100 and a cursor it never gave out", async () => {
    const viewer = customer();
    const representations = [{ __typename: "User", id: viewer.userId }];
    for (const first of [0, 101, -1]) {
      const result = await subgraphRequest(subgraph.url, USER_BOOKINGS, { representations, first }, { viewer });
      expect(failureOf(result)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    const result = await subgraphRequest(subgraph.url, USER_BOOKINGS, { representations, after: "garbage" }, { viewer });
    expect(failureOf(result)).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

const BUSINESS_BOOKINGS = `query($representations: [_Any!]!, $first: Int, $after: String, $status: BookingStatus, $from: DateTime, $to: DateTime) {
  _entities(representations: $representations) { ... on Business { id bookings(first: $first, after: $after, status: $status, from: $from, to: $to) { totalCount pageInfo { hasNextPage } edges { node { id } } } } }
}`;

describe("Business.bookings", () => {
  it("lists the bookings of many businesses in a constant number of queries", async () => {
    const costOf = async (count: number) => {
      const businessOwnerId = randomUUID();
      const businessIds = Array.from({ length: count }, () => randomUUID());
      const rowsByBusiness = await Promise.all(businessIds.map((businessId) => Promise.all([1, 2, 3].map(() => makeBooking({ businessId, businessOwnerId })))));
      subgraph.resetQueries();
      const result = await subgraphRequest(
        subgraph.url,
        BUSINESS_BOOKINGS,
        { representations: businessIds.map((id) => ({ __typename: "Business", id })), first: 2 },
        { viewer: { userId: businessOwnerId, role: Role.VENDOR } },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data._entities).toEqual(
        businessIds.map((id, i) => {
          const expected = [...rowsByBusiness[i]!].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
          return { id, bookings: { totalCount: 3, pageInfo: { hasNextPage: true }, edges: expected.slice(0, 2).map((row) => ({ node: { id: row.id } })) } };
        }),
      );
      return subgraph.queries.length;
    };
    const one = await costOf(1);
    const fifty = await costOf(50);
    expect(one).toBe(2); // who owns them, then the pages
    expect(fifty).toBe(one);
  });

  it("is visible to the business owner and admins; others are FORBIDDEN", async () => {
    const row = await makeBooking();
    const ask = (viewer: Viewer | null) => subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations: [{ __typename: "Business", id: row.businessId }] }, { viewer });
    expect((await ask({ userId: row.businessOwnerId, role: Role.VENDOR })).data._entities[0].bookings.totalCount).toBe(1);
    expect((await ask(admin)).data._entities[0].bookings.totalCount).toBe(1);
    expect(codeOf((await ask(vendor())))).toBe("FORBIDDEN");
    expect(codeOf((await ask({ userId: row.customerId, role: Role.CUSTOMER })))).toBe("FORBIDDEN");
    expect(codeOf((await ask(null)))).toBe("UNAUTHENTICATED");
  });

  it("gives a vendor the empty list of a business with no bookings, and a customer FORBIDDEN", async () => {
    const representations = [{ __typename: "Business", id: randomUUID() }];
    const empty = await subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations }, { viewer: vendor() });
    expect(empty.data._entities[0].bookings).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] });
    const refused = await subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations }, { viewer: customer() });
    expect(codeOf(refused)).toBe("FORBIDDEN");
  });

  it("reads explicit nulls in its arguments as no filter", async () => {
    const row = await makeBooking();
    const result = await subgraphRequest(
      subgraph.url,
      BUSINESS_BOOKINGS,
      { representations: [{ __typename: "Business", id: row.businessId.toUpperCase() }], first: null, after: null, status: null, from: null, to: null },
      { viewer: { userId: row.businessOwnerId, role: Role.VENDOR } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].bookings).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { id: row.id } }] });
  });

  it("answers an empty list, not an error, for a malformed business id", async () => {
    const result = await subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations: [{ __typename: "Business", id: "junk" }] }, { viewer: admin });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].bookings.totalCount).toBe(0);
  });

  it("keeps the bookings that overlap [from, to) and rejects to before from", async () => {
    const businessId = randomUUID();
    const at = (day: number, hour: number) => daysFromNow(40 + day, hour);
    const early = await makeBooking({ businessId, startTime: at(1, 9), endTime: at(1, 11) });
    const overlapping = await makeBooking({ businessId, startTime: at(1, 11), endTime: at(1, 13) });
    const late = await makeBooking({ businessId, startTime: at(1, 14), endTime: at(1, 15) });
    const representations = [{ __typename: "Business", id: businessId }];
    const result = await subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations, from: at(1, 11).toISOString(), to: at(1, 14).toISOString() }, { viewer: admin });
    expect(result.data._entities[0].bookings.edges.map((edge: any) => edge.node.id)).toEqual([overlapping.id]);
    expect([early.id, late.id]).not.toContain(result.data._entities[0].bookings.edges[0].node.id);

    const backwards = await subgraphRequest(subgraph.url, BUSINESS_BOOKINGS, { representations, from: at(2, 0).toISOString(), to: at(1, 0).toISOString() }, { viewer: admin });
    expect(failureOf(backwards)).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });

  it("returns list rows identical to the rows Query.booking reads", async () => {
    const row = await makeBooking({ notes: "sea view", status: "CANCELLED", cancelledAt: daysFromNow(-10, 10), cancelReason: "storm", cancelledBy: "VENDOR" });
    const listed = await subgraphRequest(
      subgraph.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Business { bookings { edges { node { ${BOOKING_FIELDS} } } } } } }`,
      { representations: [{ __typename: "Business", id: row.businessId }] },
      { viewer: admin },
    );
    const single = await subgraphRequest(subgraph.url, `query($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`, { id: row.id }, { viewer: admin });
    expect(listed.errors).toBeUndefined();
    expect(listed.data._entities[0].bookings.edges[0].node).toEqual(single.data.booking);
  });
});

describe("Resource", () => {
  it("lists a resource's bookings for its owner, and refuses others", async () => {
    const resourceId = randomUUID();
    const row = await makeBooking({ resourceId });
    await makeBooking({ resourceId, businessId: row.businessId, businessOwnerId: row.businessOwnerId });
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Resource { id bookings(first: 1) { totalCount pageInfo { hasNextPage } } } } }`;
    const representations = [{ __typename: "Resource", id: resourceId }];
    const owner = await subgraphRequest(subgraph.url, query, { representations }, { viewer: { userId: row.businessOwnerId, role: Role.VENDOR } });
    expect(owner.data._entities).toEqual([{ id: resourceId, bookings: { totalCount: 2, pageInfo: { hasNextPage: true } } }]);
    const stranger = await subgraphRequest(subgraph.url, query, { representations }, { viewer: vendor() });
    expect(codeOf(stranger)).toBe("FORBIDDEN");
  });

  it("answers SERVICE_UNAVAILABLE for availability while resources cannot be reached", async () => {
    const result = await subgraphRequest(
      subgraph.url,
      `query($representations: [_Any!]!, $from: DateTime!, $to: DateTime!) { _entities(representations: $representations) { ... on Resource { availability(from: $from, to: $to) { start end available } } } }`,
      { representations: [{ __typename: "Resource", id: randomUUID() }], from: daysFromNow(40).toISOString(), to: daysFromNow(41).toISOString() },
      { viewer: customer() },
    );
    expect(codeOf(result)).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("the contract's surface", () => {
  it("writes nothing and answers SERVICE_UNAVAILABLE when resources cannot be reached", async () => {
    const before = await subgraph.db.booking.count();
    const result = await subgraphRequest(
      subgraph.url,
      `mutation($start: DateTime!, $end: DateTime!) { createBooking(input: { resourceId: "${randomUUID()}", startTime: $start, endTime: $end, quantity: 1, notes: "hi", idempotencyKey: "k" }) { id } }`,
      { start: daysFromNow(40, 10).toISOString(), end: daysFromNow(40, 11).toISOString() },
      { viewer: customer() },
    );
    expect(codeOf(result)).toBe("SERVICE_UNAVAILABLE");
    expect(await subgraph.db.booking.count()).toBe(before);
  });

  it("answers NOT_FOUND for state changes of unknown and malformed bookings", async () => {
    const viewer = customer();
    for (const id of [randomUUID(), "not-an-id"]) {
      for (const call of [`cancelBooking(id: "${id}", reason: "why")`, `confirmBooking(id: "${id}")`, `completeBooking(id: "${id}")`, `markNoShow(id: "${id}")`]) {
        const result = await subgraphRequest(subgraph.url, `mutation { ${call} { id } }`, {}, { viewer });
        expect(codeOf(result), call).toBe("NOT_FOUND");
      }
    }
  });

  it("publishes the subscriptions in its SDL with the contract's signatures", async () => {
    const result = await subgraphRequest(subgraph.url, `{ _service { sdl } }`);
    // Read as a document, not as text: descriptions print arguments on lines of their own.
    const subscription = parse(result.data._service.sdl).definitions.find(
      (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === "Subscription",
    );
    const signatures = subscription?.fields?.map((field) => `${field.name.value}(${field.arguments?.map((arg) => `${arg.name.value}: ${print(arg.type)}`).join(", ") ?? ""}): ${print(field.type)}`);
    expect(signatures).toEqual(["bookingEvents(businessId: ID!): BookingEvent!", "myBookingEvents(): BookingEvent!"]);
  });
});

describe("the database", () => {
  it("rejects bookings that break its rules", async () => {
    const taken = await makeBooking();
    const rejects = (overrides: Partial<BookingData>) => expect(makeBooking(overrides)).rejects.toThrow();
    await rejects({ bookingNumber: taken.bookingNumber });
    await rejects({ customerId: taken.customerId, idempotencyKey: taken.idempotencyKey });
    await rejects({ startTime: CHECK_OUT, endTime: CHECK_IN });
    await rejects({ endTime: CHECK_IN });
    await rejects({ quantity: 0, total: "0.00" });
    await rejects({ units: 0, total: "0.00" });
    await rejects({ unitPrice: "-75.00", total: "-150.00" });
    await rejects({ total: "149.99" });
    await rejects({ currency: "eur" });
    await rejects({ status: "HOLD", holdExpiresAt: null });
    await rejects({ status: "CANCELLED", cancelledAt: null });
    await rejects({ bookingNumber: "  " });

    // the same idempotency key is fine for another customer
    await expect(makeBooking({ idempotencyKey: taken.idempotencyKey })).resolves.toBeDefined();
  });

  it("keeps status changes tied to real bookings, each a real change", async () => {
    const row = await makeBooking();
    await expect(subgraph.db.bookingStatusChange.create({ data: { bookingId: randomUUID(), toStatus: "HOLD" } })).rejects.toThrow();
    await expect(subgraph.db.bookingStatusChange.create({ data: { bookingId: row.id, fromStatus: "HOLD", toStatus: "HOLD" } })).rejects.toThrow();
  });

  it("stores the instants it is given, whatever the server's time zone", async () => {
    const row = await makeBooking();
    const [stored] = await subgraph.db.$queryRaw<{ exact: boolean }[]>`
      SELECT start_time = ${CHECK_IN.toISOString()}::timestamptz AND end_time = ${CHECK_OUT.toISOString()}::timestamptz AS exact FROM bookings WHERE id = ${row.id}::uuid`;
    expect(stored?.exact).toBe(true);
  });

  it("defaults new bookings to HOLD and can find overlaps through the GiST index", async () => {
    const row = await makeBooking({ status: undefined, holdExpiresAt: plusMinutes(new Date(), 15) });
    expect(row.status).toBe("HOLD");
    const indexes = await subgraph.db.$queryRaw<{ indexdef: string }[]>`SELECT indexdef FROM pg_indexes WHERE indexname = 'bookings_resource_id_period_idx'`;
    expect(indexes[0]?.indexdef).toMatch(/USING gist \(resource_id, tstzrange\(start_time, end_time\)\)/);
  });
});
