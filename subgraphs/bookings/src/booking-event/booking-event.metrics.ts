import { ResourceType } from "@booking/contracts";
import { Counter, Gauge, type Registry } from "prom-client";
import type { BookingEventFeed } from "./booking-event.feed.js";
import type { BookingOutboxRepository } from "./booking-outbox.repository.js";

/**
 * The bookings' own metrics, read from the booking outbox at each scrape:
 * - `bookings_created_total{resource_type}`: bookings committed since this process started,
 *   counted from the outbox's CREATED events (written in the creating transaction, so a
 *   rolled-back booking never counts; ids follow commit order, so none is missed or counted
 *   twice). Every bookings instance reads the same outbox: aggregate instances with max, not sum.
 * - `booking_event_feed_lag_seconds`: how far the slowest connected router is behind the outbox.
 */
export async function observeBookings(registry: Registry, outbox: BookingOutboxRepository, feed: BookingEventFeed): Promise<void> {
  let counted = await outbox.latestId();
  let counting: Promise<void> | null = null;
  const countNew = async () => {
    const head = await outbox.latestId();
    if (head <= counted) return;
    for (const { resourceType, count } of await outbox.createdBetween(counted, head)) created.inc({ resource_type: resourceType }, count);
    counted = head;
  };
  const created = new Counter({
    name: "bookings_created_total",
    help: "Bookings created (committed) since this process started, by resource type",
    labelNames: ["resource_type"],
    registers: [registry],
    async collect() {
      // concurrent scrapes share one count; a database that is away leaves the counts as they were
      await (counting ??= countNew()
        .catch(() => undefined)
        .finally(() => (counting = null)));
    },
  });
  // Every resource type has a series from the start (a bounded set: the contract's enum).
  for (const resourceType of Object.values(ResourceType)) created.inc({ resource_type: resourceType }, 0);
  new Gauge({
    name: "booking_event_feed_lag_seconds",
    help: "Age of the oldest booking event the slowest connected router has not been sent (0 when all are current)",
    registers: [registry],
    async collect() {
      const age = await feed.undeliveredAgeSeconds().catch(() => null);
      if (age !== null) this.set(age);
    },
  });
}
