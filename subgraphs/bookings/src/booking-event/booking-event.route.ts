import { requireSignedRequest } from "@booking/common";
import { BOOKING_EVENTS_PATH, type BookingEventMessage } from "@booking/contracts";
import type express from "express";
import type { BookingEventFeed } from "./booking-event.feed.js";

const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /internal/booking-events?after=<outbox id>`: the booking changes as Server-Sent Events
 * for routers, signed like every internal call (over an empty body). Each event is
 * `id: <outbox id>` and `data: <BookingEventMessage>`; the ones after `after` are replayed
 * first, then new ones follow as they commit. Without `after` the stream starts from now.
 */
export function serveBookingEvents(app: express.Express, feed: BookingEventFeed, internalSecret: string): void {
  app.get(BOOKING_EVENTS_PATH, ...requireSignedRequest(internalSecret), async (request, response) => {
    const after = request.query.after;
    if (after !== undefined && (typeof after !== "string" || !/^\d{1,18}$/.test(after))) {
      response.status(400).json({ error: "after must be an outbox id" });
      return;
    }
    let cursor: bigint;
    try {
      // Fixed before the stream is answered: whatever commits after the client sees the 200 reaches it.
      cursor = after === undefined ? await feed.head() : BigInt(after);
    } catch (error) {
      console.error("booking events: cannot read the outbox:", error);
      response.status(503).json({ error: "the outbox cannot be read right now" });
      return;
    }
    if (request.socket.destroyed) return;
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
    // The cursor comes first, as an event id with no data: a router that reconnects before
    // any change resumes from here and misses nothing in between.
    response.write(`: connected\nid: ${cursor}\n\n`);
    const unsubscribe = feed.subscribe(
      cursor,
      (events: BookingEventMessage[]) => {
        response.write(events.map((event) => `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`).join(""));
      },
      // Shutting down: end the stream so the server can drain; routers resume elsewhere from their cursor.
      () => response.end(),
    );
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    request.on("close", () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
}
