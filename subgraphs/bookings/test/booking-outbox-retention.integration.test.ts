import { bookingsSubgraph, bookingsUnitOfWork } from "@booking/bookings/subgraph";
import type { BookingEventMessage } from "@booking/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { waitFor } from "../../../test/support/wait.js";
import { BookingEventFeed } from "../src/booking-event/booking-event.feed.js";
import { holdRow, type BookingsDb } from "./booking-rows.js";

let subgraph: TestSubgraph<BookingsDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(bookingsSubgraph, { RESOURCES_URL: "http://127.0.0.1:9/graphql", USERS_URL: "http://127.0.0.1:9/graphql" });
});
afterAll(async () => subgraph?.stop());

const DAY = 86_400_000;

/** A booking with one outbox event written `ageMs` ago; returns the event's outbox id. */
async function eventAged(ageMs: number): Promise<bigint> {
  const booking = await subgraph.db.booking.create({ data: holdRow() });
  const event = await subgraph.db.bookingOutbox.create({
    data: { bookingId: booking.id, eventType: "CREATED", payload: { status: "HOLD" }, createdAt: new Date(Date.now() - ageMs) },
  });
  return event.id;
}

const stored = async (ids: bigint[]) => (await subgraph.db.bookingOutbox.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((row) => row.id);

describe("the booking outbox's retention", () => {
  it("deletes events older than the retention that every subscriber has been sent; recent ones stay for replays", async () => {
    const old = [await eventAged(8 * DAY), await eventAged(7 * DAY + 60_000)];
    const recent = [await eventAged(6 * DAY), await eventAged(0)];
    const feed = new BookingEventFeed(bookingsUnitOfWork(subgraph.db).repositories.outbox, { databaseUrl: subgraph.databaseUrl, retentionMs: 7 * DAY });

    // A subscriber still replaying from before the old events (never started, so never sent them) holds them.
    const unsubscribe = feed.subscribe(old[0]! - 1n, () => undefined);
    expect(await feed.prune()).toBe(0);
    expect(await stored([...old, ...recent])).toEqual([...old, ...recent]);
    unsubscribe();

    expect(await feed.prune()).toBeGreaterThanOrEqual(old.length);
    expect(await stored([...old, ...recent])).toEqual(recent);
    expect(await feed.prune()).toBe(0);
  });

  it("replays to a router that reconnects with a recent cursor everything after it, pruning or not", async () => {
    const cursor = await eventAged(2 * DAY);
    const missed = [await eventAged(DAY), await eventAged(0)];
    const feed = new BookingEventFeed(bookingsUnitOfWork(subgraph.db).repositories.outbox, { databaseUrl: subgraph.databaseUrl, retentionMs: 7 * DAY, pollMs: 50 });
    await feed.start();
    try {
      await feed.prune();
      const received: BookingEventMessage[] = [];
      const unsubscribe = feed.subscribe(cursor, (events) => received.push(...events));
      await waitFor(() => received.length >= missed.length, 5_000, "the replay");
      unsubscribe();
      expect(received.map((event) => BigInt(event.id))).toEqual(missed);
    } finally {
      await feed.stop();
    }
  });
});
