import { Role, type Viewer } from "@booking/common";
import { type ResourceFacts } from "@booking/contracts";
import { bookingsSubgraph, bookingsUnitOfWork } from "@booking/bookings/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { daysFromNow, plusMinutes } from "../../../test/support/time.js";
import { BookingReservationService } from "../src/booking/booking-reservation.service.js";
import type { CustomerDirectory } from "../src/catalog/customer-directory.js";
import type { ResourceCatalog } from "../src/catalog/resource-catalog.js";
import { WaitlistLine } from "../src/waitlist/waitlist-line.js";
import { ResourceBlockService } from "../src/resource-block/resource-block.service.js";

type BookingsDb = Awaited<ReturnType<typeof bookingsSubgraph.connect>>;

let subgraph: TestSubgraph<BookingsDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(bookingsSubgraph, { RESOURCES_URL: "http://127.0.0.1:9/graphql", USERS_URL: "http://127.0.0.1:9/graphql" });
});
afterAll(async () => subgraph?.stop());

const owner: Viewer = { userId: randomUUID(), role: Role.VENDOR };

/** A resource as the catalog would tell it (a small fake of resources), always open, by the hour. */
function resourceFacts(capacity: number): ResourceFacts {
  return {
    resource: { id: randomUUID(), businessId: randomUUID(), name: "Desk", type: "DESK", status: "ACTIVE", price: "10.00", currency: "EUR", priceUnit: "HOUR", capacity, slotMinutes: null, openingHours: [], freeCancellationHours: 24 },
    business: { id: randomUUID(), ownerId: owner.userId, name: "Cowork", status: "ACTIVE", timezone: "UTC" },
  };
}

function services(facts: ResourceFacts) {
  const catalog = { facts: async () => facts } as unknown as ResourceCatalog;
  const customers = { contactOf: async () => ({ name: "Ann", email: "ann@example.com", phone: null }) } as unknown as CustomerDirectory;
  const uow = bookingsUnitOfWork(subgraph.db);
  const deps = { uow, catalog, customers, holdSeconds: 900, maxHoldsPerCustomer: 5 };
  return {
    book: (start: Date, end: Date) =>
      new BookingReservationService(deps, { userId: randomUUID(), role: Role.CUSTOMER }).createBooking({ resourceId: facts.resource.id, startTime: start, endTime: end, idempotencyKey: randomUUID() }),
    blocks: new ResourceBlockService(uow, catalog, owner, new WaitlistLine(deps)),
  };
}

/** Live bookings of the resource that overlap one of its blocks: must always be none. */
async function bookingsOverlappingBlocks(resourceId: string): Promise<number> {
  const [row] = await subgraph.db.$queryRaw<{ overlaps: number }[]>`
    SELECT count(*)::int AS overlaps
    FROM bookings b JOIN resource_blocks k ON k.resource_id = b.resource_id
    WHERE b.resource_id = ${resourceId}::uuid
      AND b.status IN ('HOLD', 'CONFIRMED')
      AND tstzrange(b.start_time, b.end_time) && tstzrange(k.start_time, k.end_time)`;
  return row!.overlaps;
}

describe("blocks and bookings share one guarantee", () => {
  it("never lets a createBooking and a blockResource racing over the same range both succeed (40 rounds, capacity 1 and 3)", async () => {
    const outcomes = { booking: 0, block: 0 };
    for (let round = 0; round < 40; round += 1) {
      const facts = resourceFacts(round % 2 === 0 ? 1 : 3);
      const { book, blocks } = services(facts);
      const start = plusMinutes(daysFromNow(20, 9), round * 60);
      const end = plusMinutes(start, 60);
      // the block sets off a little later each round, so either side gets to win
      const blocking = new Promise((resolve) => setTimeout(resolve, round % 8)).then(() => blocks.block(facts.resource.id, plusMinutes(start, 30), plusMinutes(end, 30), "race"));
      const [booking, block] = await Promise.allSettled([book(start, end), blocking]);
      // exactly one wins; the loser is told SLOT_UNAVAILABLE
      expect([booking.status, block.status].sort(), `round ${round}`).toEqual(["fulfilled", "rejected"]);
      const loser = (booking.status === "rejected" ? booking : block) as PromiseRejectedResult;
      expect((loser.reason as { extensions?: { code?: string } }).extensions?.code).toBe("SLOT_UNAVAILABLE");
      outcomes[booking.status === "fulfilled" ? "booking" : "block"] += 1;
      expect(await bookingsOverlappingBlocks(facts.resource.id)).toBe(0);
    }
    console.log(`race winners over 40 rounds: ${JSON.stringify(outcomes)}`);
  });

  it("frees the range again when the block is removed, and touching ranges never conflict", async () => {
    const facts = resourceFacts(2);
    const { book, blocks } = services(facts);
    const start = daysFromNow(21, 9);
    const block = await blocks.block(facts.resource.id, start, plusMinutes(start, 120), null);
    await expect(book(plusMinutes(start, 60), plusMinutes(start, 180))).rejects.toMatchObject({ extensions: { code: "SLOT_UNAVAILABLE" } });
    await expect(book(plusMinutes(start, 120), plusMinutes(start, 180))).resolves.toMatchObject({ status: "HOLD" });
    await expect(blocks.block(facts.resource.id, plusMinutes(start, 150), plusMinutes(start, 200), null)).rejects.toMatchObject({ extensions: { code: "SLOT_UNAVAILABLE" } });
    expect(await blocks.unblock(block.id)).toBe(true);
    await expect(book(plusMinutes(start, 60), plusMinutes(start, 120))).resolves.toMatchObject({ status: "HOLD" });
    await expect(blocks.unblock(block.id)).rejects.toMatchObject({ extensions: { code: "NOT_FOUND" } });
  });

  it("keeps blocks well-formed in the database: end after start, reasons of at most 500 characters", async () => {
    const start = daysFromNow(30, 9);
    const base = { resourceId: randomUUID(), businessId: randomUUID(), startTime: start, endTime: plusMinutes(start, 60) };
    await expect(subgraph.db.resourceBlock.create({ data: { ...base, endTime: start } })).rejects.toThrow();
    await expect(subgraph.db.resourceBlock.create({ data: { ...base, reason: "x".repeat(501) } })).rejects.toThrow();
    await expect(subgraph.db.resourceBlock.create({ data: { ...base, reason: "paint" } })).resolves.toMatchObject({ reason: "paint" });
  });
});
