import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { signRequest } from "@booking/common";
import { expect } from "vitest";
import { TEST_INTERNAL_SECRET, type GraphQLResult } from "./subgraph.js";
import type { TestSupergraph } from "./supergraph.js";

// Bookings' GraphQL documents and helpers; the factories (makeBookableResource, ...) are in factories.ts.

export const BOOKING_FIELDS = `id bookingNumber status startTime endTime quantity units notes holdExpiresAt
  cancelledAt cancelReason cancelledBy createdAt
  total { amount currency }
  snapshot { businessName resourceName resourceType priceUnit timezone unitPrice { amount currency } }
  contact { name email phone }
  history { from to at reason }`;

export const CREATE_BOOKING = `mutation($input: CreateBookingInput!) { createBooking(input: $input) { ${BOOKING_FIELDS} } }`;

export interface BookingInput {
  resourceId: string;
  startTime: string;
  endTime: string;
  quantity?: number | null;
  notes?: string | null;
  idempotencyKey?: string;
}

let keys = 0;

/** createBooking through the router as `token`; a fresh idempotency key unless one is given. */
export function createBooking(system: TestSupergraph, token: string | undefined, input: BookingInput): Promise<GraphQLResult<any>> {
  keys += 1;
  return system.request(CREATE_BOOKING, { input: { idempotencyKey: `key-${process.pid}-${Date.now()}-${keys}`, ...input } }, { token });
}

/** createBooking that must succeed; returns the booking. */
export async function book(system: TestSupergraph, token: string, input: BookingInput): Promise<any> {
  const result = await createBooking(system, token, input);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createBooking;
}

/** An instant at a local wall-clock time `days` days from today in `zone`, as ISO-8601 UTC. */
export function localTime(zone: string, days: number, time: string): string {
  const [hour, minute] = time.split(":").map(Number);
  const date = DateTime.now().setZone(zone).plus({ days }).startOf("day");
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone }).toUTC().toISO()!;
}

/**
 * The local dates (start of day, in `zone`) of the next `count` changes of UTC offset from the
 * day after tomorrow on: daylight-saving days, found rather than hard-coded.
 */
export function offsetChangesAhead(zone: string, count: number): DateTime[] {
  const changes: DateTime[] = [];
  let day = DateTime.now().setZone(zone).plus({ days: 2 }).startOf("day");
  for (let step = 0; step < 800 && changes.length < count; step += 1) {
    const next = day.plus({ days: 1 });
    if (next.offset !== day.offset) changes.push(day);
    day = next;
  }
  if (changes.length < count) throw new Error(`${zone} changes its offset fewer than ${count} times in two years`);
  return changes;
}

/**
 * The instant of a wall-clock time on a local date in its zone, as ISO-8601 UTC; a time that
 * occurs twice (autumn) is its first occurrence, a skipped one (spring) moves forward.
 */
export function onLocalDate(date: DateTime, time: string, dayOffset = 0): string {
  const [hour, minute] = time.split(":").map(Number);
  const day = date.plus({ days: dayOffset });
  const resolved = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: date.zone });
  const anHourEarlier = resolved.minus({ hours: 1 });
  const first = anHourEarlier.hour === hour && anHourEarlier.minute === minute && anHourEarlier.day === day.day ? anHourEarlier : resolved;
  return first.toUTC().toISO()!;
}

/** Runs one named operation of a contract operations file through the router, as a first-party client does. */
export async function contractOperation<TData = any>(
  system: TestSupergraph,
  file: string,
  operationName: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResult<TData>> {
  const query = await readFile(new URL(`../../schema/operations/${file}`, import.meta.url), "utf8");
  const response = await fetch(system.router.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return (await response.json()) as GraphQLResult<TData>;
}

export interface BookingEventMessage {
  id: string;
  type: string;
  bookingId: string;
  businessId: string;
  customerId: string;
  at: string;
}

export interface BookingEventReader {
  /** every event received so far, in order */
  events: BookingEventMessage[];
  /** resolves with the first received event matching `match` (waiting up to `timeoutMs`) */
  next(match: (event: BookingEventMessage) => boolean, timeoutMs?: number): Promise<BookingEventMessage>;
  close(): void;
}

/** The bookings subgraph's signed event stream, read as a router reads it. */
export async function openBookingEvents(bookingsUrl: string, after?: string, secret = TEST_INTERNAL_SECRET): Promise<BookingEventReader> {
  const url = new URL("/internal/booking-events", bookingsUrl);
  if (after !== undefined) url.searchParams.set("after", after);
  const abort = new AbortController();
  const headers = signRequest(secret, { audience: "bookings", method: "GET", url }, "", { viewer: null, clientIp: null });
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const events: BookingEventMessage[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = message.split("\n");
          const id = lines.find((line) => line.startsWith("id: "))?.slice(4);
          const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
          if (data === undefined) continue;
          const event = JSON.parse(data) as BookingEventMessage;
          expect(event.id).toBe(id);
          events.push(event);
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    events,
    async next(match, timeoutMs = 1_000) {
      const found = () => events.find(match);
      if (found()) return found()!;
      return new Promise<BookingEventMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching booking event within ${timeoutMs} ms (got ${JSON.stringify(events)})`));
        }, timeoutMs);
        const check = () => {
          const event = found();
          if (!event) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(event);
        };
        waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
}
