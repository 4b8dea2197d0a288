import { AppError, badInput, formatAmount, normaliseId, unauthenticated, type Viewer } from "@booking/common";
import { BookingStatus, type PriceUnit, type ResourceFacts, type ResourceType, BookingEventType } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { CustomerDirectory } from "../catalog/customer-directory.js";
import type { BookingRateLimits } from "../limits/rate-limits.js";
import type { ResourceCatalog } from "../catalog/resource-catalog.js";
import type { BookingsRepositories, BookingsUnitOfWork } from "../repositories.js";
import { assertBookableRange, billableUnitsOf } from "../schedule/booking-times.js";
import type { BookingChangeRepository, BookingEventDraft, NewHold } from "./booking-changes.repository.js";
import { newBookingNumber } from "./booking-number.js";
import type { BookingRow } from "./booking.repository.js";
import { WaitlistLine } from "../waitlist/waitlist-line.js";

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
  /** live HOLDs one customer may have at once (MAX_HOLDS_PER_CUSTOMER) */
  maxHoldsPerCustomer: number;
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

type Reservation = { kind: "created"; id: string } | { kind: "replayed"; booking: BookingRow } | { kind: "unavailable" } | { kind: "holdLimit" };

/** A booking request once its fields are checked: what createBooking and joinWaitlist both take. */
export interface BookingRequest {
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity: number;
  notes: string | null;
  idempotencyKey: string;
}

/** A HOLD ready to insert but for its booking number. */
export type HoldDraft = Omit<NewHold, "bookingNumber">;

/** A request checked against the catalog: the HOLD it would make, and what it was made from. */
export interface PreparedHold {
  hold: HoldDraft;
  contact: HoldContact;
  facts: ResourceFacts;
}

/** The contact a hold freezes. */
export interface HoldContact {
  name: string | null;
  email: string;
  phone: string | null;
}

/**
 * createBooking: a HOLD on `quantity` units of a resource for [startTime, endTime). The
 * database makes the guarantee: per resource, an advisory lock serialises bookings and the
 * overlap sum is checked inside the same transaction (and for single-unit resources an
 * exclusion constraint forbids overlaps outright). Losers of a race get SLOT_UNAVAILABLE. Per
 * customer, a second advisory lock keeps the count of live HOLDs within MAX_HOLDS_PER_CUSTOMER.
 * The resource's waitlist is served first: units free now go to those already in line.
 */
export class BookingReservationService {
  private readonly line: WaitlistLine;

  constructor(
    private readonly deps: ReservationDeps,
    private readonly viewer: Viewer | null,
    private readonly clientIp: string | null = null,
  ) {
    this.line = new WaitlistLine(deps);
  }

  async createBooking(input: CreateBookingRequest): Promise<BookingRow> {
    if (!this.viewer) throw unauthenticated();
    const customerId = this.viewer.userId;
    const request = normaliseBookingRequest(input);
    const now = this.deps.now?.() ?? new Date();

    // A retry of a booking already made answers with it, whatever has changed since (the holds limit too).
    const earlier = await this.deps.uow.repositories.changes.findByIdempotencyKey(customerId, request.idempotencyKey);
    if (earlier) return replayOf(earlier, request);
    await this.deps.limits?.spendCreateBooking(customerId, this.clientIp);

    const { hold, facts } = await prepareHold(this.deps, customerId, request, now);
    const reservation = await this.deps.uow.transaction((repositories) => this.reserve(repositories, hold, facts), BOOKING_TRANSACTION);
    switch (reservation.kind) {
      case "replayed":
        return replayOf(reservation.booking, request);
      case "unavailable":
        throw new AppError("SLOT_UNAVAILABLE", "Not enough free units of this resource in the requested range");
      case "holdLimit":
        throw holdLimitReached(this.deps.maxHoldsPerCustomer);
      case "created": {
        const [created] = await this.deps.uow.repositories.bookings.findByIds([reservation.id]);
        return created!;
      }
    }
  }

  /** One transaction: lock the resource and the customer, settle what ran out, serve the line, count, insert; events last. */
  private async reserve(repositories: BookingsRepositories, hold: HoldDraft, facts: ResourceFacts): Promise<Reservation> {
    const { changes } = repositories;
    await changes.lockResource(hold.resourceId);
    await changes.lockCustomer(hold.customerId);
    // The same key may have won the lock just before us (a racing retry).
    const twin = await changes.findByIdempotencyKey(hold.customerId, hold.idempotencyKey);
    if (twin) return { kind: "replayed", booking: twin };
    const expired = await changes.expireOverdueHoldsOf(hold.resourceId);
    // Whatever freed units (an expiry just now, a capacity increase bookings has not heard of
    // yet), the line has them before this booking may.
    const served = await this.line.serve(repositories, await this.line.factsFor(repositories, hold.resourceId, facts));
    const settled = [...expired, ...served];
    if ((await changes.liveHoldsOf(hold.customerId)) >= this.deps.maxHoldsPerCustomer) {
      await changes.appendEvents(settled);
      return { kind: "holdLimit" };
    }
    if (!(await unitsAreFree(repositories, hold))) {
      await changes.appendEvents(settled);
      return { kind: "unavailable" };
    }
    const inserted = await insertHold(changes, hold, this.deps.drawBookingNumber);
    if (inserted.kind === "created") {
      await changes.appendEvents([...settled, createdEvent(inserted.id, hold)]);
      return inserted;
    }
    await changes.appendEvents(settled);
    // the exclusion constraint (another live booking of this single unit overlaps), or the same key
    return inserted.kind === "sameKey" ? { kind: "replayed", booking: inserted.booking } : { kind: "unavailable" };
  }
}

/** Whether `hold` fits now: no block over its range, and enough units free at every instant of it (under the resource's lock). */
export async function unitsAreFree(
  { changes, blocks }: Pick<BookingsRepositories, "changes" | "blocks">,
  hold: Pick<HoldDraft, "resourceId" | "startTime" | "endTime" | "quantity" | "resourceCapacity">,
): Promise<boolean> {
  if (await blocks.anyOverlapping(hold.resourceId, hold.startTime, hold.endTime)) return false;
  return (await changes.peakUnitsInUse(hold.resourceId, hold.startTime, hold.endTime)) + hold.quantity <= hold.resourceCapacity;
}

/**
 * Inserts a HOLD with a fresh booking number (drawn again on the rare clash). `sameKey`: the
 * customer's key already made a booking; `overlap`: the single-unit exclusion constraint refused it.
 */
export async function insertHold(
  changes: BookingChangeRepository,
  hold: HoldDraft,
  drawBookingNumber: () => string = newBookingNumber,
): Promise<{ kind: "created"; id: string } | { kind: "sameKey"; booking: BookingRow } | { kind: "overlap" }> {
  for (let draw = 0; draw < BOOKING_NUMBER_DRAWS; draw += 1) {
    const bookingNumber = drawBookingNumber();
    const inserted = await changes.insertHold({ ...hold, bookingNumber });
    if (inserted) return { kind: "created", id: inserted.id };
    // The insert met a constraint: which one?
    const sameKey = await changes.findByIdempotencyKey(hold.customerId, hold.idempotencyKey);
    if (sameKey) return { kind: "sameKey", booking: sameKey };
    if (!(await changes.bookingNumberTaken(bookingNumber))) return { kind: "overlap" };
  }
  throw new Error(`no unused booking number in ${BOOKING_NUMBER_DRAWS} draws`);
}

/**
 * Checks a request against the catalog and builds the HOLD it would make (createBooking and
 * joinWaitlist alike): NOT_FOUND, BUSINESS_NOT_ACTIVE, RESOURCE_NOT_BOOKABLE, BAD_USER_INPUT with
 * its field.
 */
export async function prepareHold(
  deps: Pick<ReservationDeps, "catalog" | "customers" | "holdSeconds">,
  customerId: string,
  request: BookingRequest,
  now: Date,
): Promise<PreparedHold> {
  assertBookableRange(request.startTime, request.endTime, now);
  const [facts, contact] = await Promise.all([deps.catalog.facts(request.resourceId), deps.customers.contactOf(customerId)]);
  if (!facts) throw new AppError("NOT_FOUND", "Resource not found", { field: "resourceId" });
  if (!contact) throw unauthenticated("The signed-in user no longer exists");
  assertBookable(facts);
  return { hold: holdFrom(facts, customerId, contact, request, now, deps.holdSeconds), contact, facts };
}

/**
 * The HOLD a request makes on a resource as `facts` describe it now: its units, price and
 * snapshot. Throws BAD_USER_INPUT for a quantity above capacity or a range the resource's unit
 * and hours do not allow.
 */
export function holdFrom(facts: ResourceFacts, customerId: string, contact: HoldContact, request: BookingRequest, now: Date, holdSeconds: number): HoldDraft {
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
  return {
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
    holdSeconds,
  };
}

/** createBooking's (and joinWaitlist's) field rules, before anything is read. */
export function normaliseBookingRequest(input: CreateBookingRequest): BookingRequest {
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
function replayOf(booking: BookingRow, request: BookingRequest): BookingRow {
  const same =
    booking.resourceId === request.resourceId &&
    booking.startTime.getTime() === request.startTime.getTime() &&
    booking.endTime.getTime() === request.endTime.getTime() &&
    booking.quantity === request.quantity &&
    (booking.notes ?? null) === request.notes;
  if (!same) throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different booking request");
  return booking;
}

/** Whether the resource and its business take bookings now. */
export function isBookable(facts: ResourceFacts): boolean {
  return facts.business.status === "ACTIVE" && facts.resource.status === "ACTIVE";
}

function assertBookable(facts: ResourceFacts): void {
  if (facts.business.status !== "ACTIVE") throw new AppError("BUSINESS_NOT_ACTIVE", "The resource's business is not taking bookings");
  if (facts.resource.status !== "ACTIVE") throw new AppError("RESOURCE_NOT_BOOKABLE", "This resource is not bookable right now");
}

export function holdLimitReached(max: number): AppError {
  return new AppError("HOLD_LIMIT_REACHED", `You already have ${max} live holds: pay for or cancel one first`);
}

export function createdEvent(bookingId: string, hold: Pick<HoldDraft, "businessId" | "customerId">): BookingEventDraft {
  return { bookingId, type: BookingEventType.CREATED, status: BookingStatus.HOLD, businessId: hold.businessId, customerId: hold.customerId };
}
