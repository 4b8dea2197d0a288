import { AppError, badInput, formatAmount, normaliseId, unauthenticated, type Viewer } from "@booking/common";
import { BookingStatus, type PriceUnit, type ResourceFacts, type ResourceType, BookingEventType } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { CustomerDirectory } from "../catalog/customer-directory.js";
import type { BookingRateLimits } from "../limits/rate-limits.js";
import type { ResourceCatalog } from "../catalog/resource-catalog.js";
import type { BookingsRepositories, BookingsUnitOfWork } from "../repositories.js";
import { assertBookableRange, billableUnitsOf } from "../schedule/booking-times.js";
import type { BookingEventDraft, NewHold } from "./booking-changes.repository.js";
import { newBookingNumber } from "./booking-number.js";
import type { BookingRow } from "./booking.repository.js";

/** What createBooking receives. */
export interface CreateBookingRequest {
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity?: number | null;
  notes?: string | null;
  idempotencyKey: string;
}

/** The long-lived parts taking a booking needs. */
export interface ReservationDeps {
  uow: BookingsUnitOfWork;
  catalog: ResourceCatalog;
  customers: CustomerDirectory;
  holdSeconds: number;
  /** per-account and per-IP limits on createBooking; none: unlimited */
  limits?: BookingRateLimits;
  /** @default the wall clock */
  now?: () => Date;
  /** @default newBookingNumber */
  drawBookingNumber?: () => string;
}

/** Booking transactions wait for their resource's lock; under a burst they queue for connections too. */
export const BOOKING_TRANSACTION = { maxWait: 15_000, timeout: 20_000 } as const;

const MAX_IDEMPOTENCY_KEY = 200;
const MAX_NOTES = 2_000;
const MAX_TOTAL = new Decimal("9999999999.99");
const BOOKING_NUMBER_DRAWS = 5;

type Reservation = { kind: "created"; id: string } | { kind: "replayed"; booking: BookingRow } | { kind: "unavailable" };

interface NormalisedRequest {
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity: number;
  notes: string | null;
  idempotencyKey: string;
}

/**
 * createBooking: a HOLD on `quantity` units of a resource for [startTime, endTime). The
 * database makes the guarantee: per resource, an advisory lock serialises bookings and the
 * overlap sum is checked inside the same transaction (and for single-unit resources an
 * exclusion constraint forbids overlaps outright). Losers of a race get SLOT_UNAVAILABLE.
 */
export class BookingReservationService {
  constructor(
    private readonly deps: ReservationDeps,
    private readonly viewer: Viewer | null,
    private readonly clientIp: string | null = null,
  ) {}

  async createBooking(input: CreateBookingRequest): Promise<BookingRow> {
    if (!this.viewer) throw unauthenticated();
    const customerId = this.viewer.userId;
    const request = normalise(input);
    const now = this.deps.now?.() ?? new Date();

    // A retry of a booking already made answers with it, whatever has changed since.
    const earlier = await this.deps.uow.repositories.changes.findByIdempotencyKey(customerId, request.idempotencyKey);
    if (earlier) return replayOf(earlier, request);
    await this.deps.limits?.spendCreateBooking(customerId, this.clientIp);

    assertBookableRange(request.startTime, request.endTime, now);
    const [facts, contact] = await Promise.all([this.deps.catalog.facts(request.resourceId), this.deps.customers.contactOf(customerId)]);
    if (!facts) throw new AppError("NOT_FOUND", "Resource not found", { field: "resourceId" });
    if (!contact) throw unauthenticated("The signed-in user no longer exists");
    assertBookable(facts);
    if (request.quantity > facts.resource.capacity) {
      throw badInput("quantity", `quantity must be between 1 and the resource's capacity (${facts.resource.capacity})`);
    }
    const units = billableUnitsOf(
      { priceUnit: facts.resource.priceUnit as PriceUnit, slotMinutes: facts.resource.slotMinutes, openingHours: facts.resource.openingHours, timezone: facts.business.timezone },
      request.startTime,
      request.endTime,
      now,
    );
    const unitPrice = new Decimal(facts.resource.price);
    const total = unitPrice.times(units).times(request.quantity);
    if (total.greaterThan(MAX_TOTAL)) throw badInput("endTime", "The booking's total is too large; book a shorter range or fewer units");

    const hold: Omit<NewHold, "bookingNumber"> = {
      customerId,
      resourceId: facts.resource.id,
      businessId: facts.business.id,
      businessOwnerId: facts.business.ownerId,
      startTime: request.startTime,
      endTime: request.endTime,
      quantity: request.quantity,
      units,
      resourceCapacity: facts.resource.capacity,
      snapshotBusinessName: facts.business.name,
      snapshotResourceName: facts.resource.name,
      snapshotResourceType: facts.resource.type as ResourceType,
      unitPrice: formatAmount(unitPrice, facts.resource.currency),
      total: formatAmount(total, facts.resource.currency),
      currency: facts.resource.currency,
      priceUnit: facts.resource.priceUnit as PriceUnit,
      timezone: facts.business.timezone,
      contactName: contact.name,
      contactEmail: contact.email,
      contactPhone: contact.phone,
      notes: request.notes,
      idempotencyKey: request.idempotencyKey,
      freeCancellationHours: facts.resource.freeCancellationHours,
      holdSeconds: this.deps.holdSeconds,
    };
    const reservation = await this.deps.uow.transaction((repositories) => this.reserve(repositories, hold), BOOKING_TRANSACTION);
    switch (reservation.kind) {
      case "replayed":
        return replayOf(reservation.booking, request);
      case "unavailable":
        throw new AppError("SLOT_UNAVAILABLE", "Not enough free units of this resource in the requested range");
      case "created": {
        const [created] = await this.deps.uow.repositories.bookings.findByIds([reservation.id]);
        return created!;
      }
    }
  }

  /** One transaction: lock the resource, settle what ran out, check blocks and count, insert; events last. */
  private async reserve({ changes, blocks }: BookingsRepositories, hold: Omit<NewHold, "bookingNumber">): Promise<Reservation> {
    await changes.lockResource(hold.resourceId);
    // The same key may have won the lock just before us (a racing retry).
    const twin = await changes.findByIdempotencyKey(hold.customerId, hold.idempotencyKey);
    if (twin) return { kind: "replayed", booking: twin };
    const expired = await changes.expireOverdueHoldsOf(hold.resourceId);
    const blocked = await blocks.anyOverlapping(hold.resourceId, hold.startTime, hold.endTime);
    if (blocked || (await changes.peakUnitsInUse(hold.resourceId, hold.startTime, hold.endTime)) + hold.quantity > hold.resourceCapacity) {
      await changes.appendEvents(expired);
      return { kind: "unavailable" };
    }
    for (let draw = 0; draw < BOOKING_NUMBER_DRAWS; draw += 1) {
      const bookingNumber = (this.deps.drawBookingNumber ?? newBookingNumber)();
      const inserted = await changes.insertHold({ ...hold, bookingNumber });
      if (inserted) {
        await changes.appendEvents([...expired, createdEvent(inserted.id, hold)]);
        return { kind: "created", id: inserted.id };
      }
      // The insert met a constraint: which one?
      const sameKey = await changes.findByIdempotencyKey(hold.customerId, hold.idempotencyKey);
      if (sameKey) {
        await changes.appendEvents(expired);
        return { kind: "replayed", booking: sameKey };
      }
      if (!(await changes.bookingNumberTaken(bookingNumber))) {
        // the exclusion constraint: another live booking of this single unit overlaps
        await changes.appendEvents(expired);
        return { kind: "unavailable" };
      }
    }
    throw new Error(`no unused booking number in ${BOOKING_NUMBER_DRAWS} draws`);
  }
}

function normalise(input: CreateBookingRequest): NormalisedRequest {
  if (input.idempotencyKey.trim() === "") throw badInput("idempotencyKey", "idempotencyKey must not be empty");
  if (input.idempotencyKey.length > MAX_IDEMPOTENCY_KEY) throw badInput("idempotencyKey", `idempotencyKey must be at most ${MAX_IDEMPOTENCY_KEY} characters`);
  const quantity = input.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) throw badInput("quantity", "quantity must be at least 1");
  const notes = input.notes?.trim() || null;
  if (notes !== null && notes.length > MAX_NOTES) throw badInput("notes", `notes must be at most ${MAX_NOTES} characters`);
  const resourceId = normaliseId(input.resourceId);
  if (!resourceId) throw new AppError("NOT_FOUND", "Resource not found", { field: "resourceId" });
  return { resourceId, startTime: input.startTime, endTime: input.endTime, quantity, notes, idempotencyKey: input.idempotencyKey };
}

/** The booking an idempotency key made, if this request is the same one; otherwise IDEMPOTENCY_KEY_REUSED. */
function replayOf(booking: BookingRow, request: NormalisedRequest): BookingRow {
  const same =
    booking.resourceId === request.resourceId &&
    booking.startTime.getTime() === request.startTime.getTime() &&
    booking.endTime.getTime() === request.endTime.getTime() &&
    booking.quantity === request.quantity &&
    (booking.notes ?? null) === request.notes;
  if (!same) throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different booking request");
  return booking;
}

function assertBookable(facts: ResourceFacts): void {
  if (facts.business.status !== "ACTIVE") throw new AppError("BUSINESS_NOT_ACTIVE", "The resource's business is not taking bookings");
  if (facts.resource.status !== "ACTIVE") throw new AppError("RESOURCE_NOT_BOOKABLE", "This resource is not bookable right now");
}

function createdEvent(bookingId: string, hold: Omit<NewHold, "bookingNumber">): BookingEventDraft {
  return { bookingId, type: BookingEventType.CREATED, status: BookingStatus.HOLD, businessId: hold.businessId, customerId: hold.customerId };
}
