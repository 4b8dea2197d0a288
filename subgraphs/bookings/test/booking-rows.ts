import type { bookingsSubgraph } from "@booking/bookings/subgraph";
import { randomUUID } from "node:crypto";
import { daysFromNow } from "../../../test/support/time.js";

export type BookingsDb = Awaited<ReturnType<typeof bookingsSubgraph.connect>>;
export type BookingData = Parameters<BookingsDb["booking"]["create"]>[0]["data"];

let numbers = 0;

/**
 * A bookings row written straight to the database, for tests of what the database itself
 * enforces or keeps: a 15-minute HOLD of 2 hours (10:00-12:00 UTC, 60 days ahead) on a fresh
 * resource of capacity 1, priced as the API would have priced it.
 */
export function holdRow(overrides: Partial<BookingData> = {}): BookingData {
  numbers += 1;
  return {
    bookingNumber: `T-${numbers}-${randomUUID().slice(0, 8)}`,
    customerId: randomUUID(),
    resourceId: randomUUID(),
    businessId: randomUUID(),
    businessOwnerId: randomUUID(),
    status: "HOLD",
    holdExpiresAt: new Date(Date.now() + 900_000),
    startTime: daysFromNow(60, 10),
    endTime: daysFromNow(60, 12),
    quantity: 1,
    units: 2,
    resourceCapacity: 1,
    snapshotBusinessName: "Clinic",
    snapshotResourceName: "Dr. Who",
    snapshotResourceType: "DOCTOR_SLOT",
    unitPrice: "10.00",
    currency: "EUR",
    priceUnit: "HOUR",
    timezone: "Europe/Berlin",
    total: "20.00",
    contactEmail: "patient@example.com",
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}
