import { Role } from "@booking/common";
import { type ResourceFacts } from "@booking/contracts";
import { bookingsSubgraph, bookingsUnitOfWork } from "@booking/bookings/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { daysFromNow, plusMinutes } from "../../../test/support/time.js";
import { BookingReservationService } from "../src/booking/booking-reservation.service.js";
import type { CustomerDirectory } from "../src/catalog/customer-directory.js";
import type { ResourceCatalog } from "../src/catalog/resource-catalog.js";
import { HoldExpiry } from "../src/hold-expiry/hold-expiry.job.js";
import { WaitlistLine } from "../src/waitlist/waitlist-line.js";
import { holdRow as row, type BookingsDb } from "./booking-rows.js";


let subgraph: TestSubgraph<BookingsDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(bookingsSubgraph, { RESOURCES_URL: "http://127.0.0.1:9/graphql", USERS_URL: "http://127.0.0.1:9/graphql" });
});
afterAll(async () => subgraph?.stop());

// Every instant is relative to now: holdRow is 10:00-12:00 UTC 60 days ahead.
const at = (hour: number, minute = 0) => daysFromNow(60, hour, minute);

function postgresCode(error: unknown): string | undefined {
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  return text.match(/\b(23P01|23505)\b/)?.[1];
}

describe("the single-unit exclusion constraint", () => {
  it("refuses a second live booking of a capacity-1 resource that overlaps, whatever the code does", async () => {
    const resourceId = randomUUID();
    await subgraph.db.booking.create({ data: row({ resourceId }) });
    const overlapping = subgraph.db.booking.create({ data: row({ resourceId, startTime: at(11), endTime: at(13), status: "CONFIRMED" }) });
    await expect(overlapping).rejects.toSatisfy((error) => postgresCode(error) === "23P01");
  });

  it("lets through what does not occupy the unit, what only touches, and resources of capacity N", async () => {
    const resourceId = randomUUID();
    await subgraph.db.booking.create({ data: row({ resourceId }) });
    for (const status of ["CANCELLED", "EXPIRED", "COMPLETED", "NO_SHOW"] as const) {
      await subgraph.db.booking.create({ data: row({ resourceId, status, holdExpiresAt: null, cancelledAt: status === "CANCELLED" ? new Date() : null }) });
    }
    await subgraph.db.booking.create({ data: row({ resourceId, startTime: at(12), endTime: at(13) }) });
    const shared = randomUUID();
    await subgraph.db.booking.create({ data: row({ resourceId: shared, resourceCapacity: 3 }) });
    await subgraph.db.booking.create({ data: row({ resourceId: shared, resourceCapacity: 3 }) });
  });

  it("keeps a quantity within the capacity it was booked under", async () => {
    await expect(subgraph.db.booking.create({ data: row({ resourceCapacity: 2, quantity: 3, total: "60.00" }) })).rejects.toThrow();
  });
});

describe("booking numbers", () => {
  const facts: ResourceFacts = {
    resource: { id: randomUUID(), businessId: randomUUID(), name: "Chair", type: "SALON_CHAIR", status: "ACTIVE", price: "25.00", currency: "EUR", priceUnit: "HOUR", capacity: 1, slotMinutes: null, openingHours: [], freeCancellationHours: 24 },
    business: { id: randomUUID(), ownerId: randomUUID(), name: "Salon", status: "ACTIVE", timezone: "Europe/Paris" },
  };
  // Small fakes of the other services: what resources and users would answer.
  const catalog = { facts: async () => facts } as unknown as ResourceCatalog;
  const customers = { contactOf: async () => ({ name: "Ann", email: "ann@example.com", phone: null }) } as unknown as CustomerDirectory;

  it("draws again when a number is taken, inside the same transaction", async () => {
    const taken = await subgraph.db.booking.create({ data: row({ bookingNumber: "BK-AAAAAAAA" }) });
    const draws = ["BK-AAAAAAAA", "BK-AAAAAAAA", "BK-BBBBBBBB"];
    const service = new BookingReservationService({ uow: bookingsUnitOfWork(subgraph.db), catalog, customers, holdSeconds: 900, maxHoldsPerCustomer: 5, drawBookingNumber: () => draws.shift()! }, { userId: randomUUID(), role: Role.CUSTOMER });
    const booking = await service.createBooking({ resourceId: facts.resource.id, startTime: new Date(Date.now() + 86_400_000), endTime: new Date(Date.now() + 90_000_000), idempotencyKey: "k" });
    expect(booking.bookingNumber).toBe("BK-BBBBBBBB");
    expect(draws).toEqual([]);
    expect(taken.bookingNumber).toBe("BK-AAAAAAAA");
  });

  it("draws short, unambiguous numbers", async () => {
    const service = new BookingReservationService({ uow: bookingsUnitOfWork(subgraph.db), catalog, customers, holdSeconds: 900, maxHoldsPerCustomer: 5 }, { userId: randomUUID(), role: Role.CUSTOMER });
    const start = Date.now() + 30 * 86_400_000;
    const booking = await service.createBooking({ resourceId: facts.resource.id, startTime: new Date(start), endTime: new Date(start + 3_600_000), idempotencyKey: "k" });
    expect(booking.bookingNumber).toMatch(/^BK-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
  });
});

describe("hold expiry", () => {
  it("expires each of 1,200 overdue holds exactly once while four workers (and the subgraph's own) sweep", async () => {
    const resourceId = randomUUID();
    const rows = Array.from({ length: 1200 }, (_, index) =>
      row({ resourceId, resourceCapacity: 2000, startTime: plusMinutes(daysFromNow(90), index), endTime: plusMinutes(daysFromNow(90, 1), index), holdExpiresAt: new Date(Date.now() - 1000 - index) }),
    );
    await subgraph.db.booking.createMany({ data: rows });
    // nobody waits on this resource: the line is never asked for the catalog
    const line = new WaitlistLine({ catalog: {} as ResourceCatalog, holdSeconds: 900, maxHoldsPerCustomer: 5 });
    const workers = Array.from({ length: 4 }, () => new HoldExpiry(bookingsUnitOfWork(subgraph.db), line, { batchSize: 100 }));
    const expiredByWorker = await Promise.all(workers.map((worker) => worker.releaseExpiredHolds()));
    console.log(`expired per worker: ${expiredByWorker.join(", ")} (the subgraph's own job took the rest)`);
    // Rows the subgraph's own job was expiring were skipped by the workers: wait for its commit.
    for (const deadline = Date.now() + 5_000; (await subgraph.db.booking.count({ where: { resourceId, status: "HOLD" } })) > 0; ) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [counts] = await subgraph.db.$queryRaw<{ histories: number; events: number; bookings: number }[]>`
      SELECT (SELECT count(*)::int FROM booking_status_changes c JOIN bookings b ON b.id = c.booking_id WHERE b.resource_id = ${resourceId}::uuid AND c.to_status = 'EXPIRED') AS histories,
             (SELECT count(*)::int FROM booking_outbox o JOIN bookings b ON b.id = o.booking_id WHERE b.resource_id = ${resourceId}::uuid AND o.event_type = 'EXPIRED') AS events,
             (SELECT count(DISTINCT o.booking_id)::int FROM booking_outbox o JOIN bookings b ON b.id = o.booking_id WHERE b.resource_id = ${resourceId}::uuid) AS bookings`;
    expect(counts).toEqual({ histories: 1200, events: 1200, bookings: 1200 });
  });
});

describe("the outbox", () => {
  it("hands out ids in commit order: a writer waits for an earlier one to commit", async () => {
    const booking = await subgraph.db.booking.create({ data: row() });
    const order: string[] = [];
    const slow = subgraph.db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO booking_outbox (booking_id, event_type, payload) VALUES (${booking.id}::uuid, 'CREATED', '{}')`;
      await tx.$executeRaw`SELECT pg_sleep(0.3)`;
      order.push("slow commits");
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fast = subgraph.db.$executeRaw`INSERT INTO booking_outbox (booking_id, event_type, payload) VALUES (${booking.id}::uuid, 'CONFIRMED', '{}')`.then(() => order.push("fast inserted"));
    await Promise.all([slow, fast]);
    expect(order).toEqual(["slow commits", "fast inserted"]);
    const events = await subgraph.db.bookingOutbox.findMany({ where: { bookingId: booking.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.eventType)).toEqual(["CREATED", "CONFIRMED"]);
  });
});
