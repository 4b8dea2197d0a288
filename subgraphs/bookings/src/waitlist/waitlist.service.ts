import { AppError, Role, forbidden, isId, loaderByKey, normaliseId, notFound, unauthenticated, wellFormedIds, type Viewer } from "@booking/common";
import { BookingEventType, BookingStatus, EVENT_TYPES, type WaitlistStatus } from "@booking/contracts";
import { randomUUID } from "node:crypto";
import { cancellationNotice } from "../booking/booking-lifecycle.service.js";
import {
  BOOKING_TRANSACTION,
  holdLimitReached,
  normaliseBookingRequest,
  prepareHold,
  unitsAreFree,
  type BookingRequest,
  type PreparedHold,
  type ReservationDeps,
} from "../booking/booking-reservation.service.js";
import type { BookingsRepositories } from "../repositories.js";
import { WaitlistLine } from "./waitlist-line.js";
import type { WaitlistRow } from "./waitlist.repository.js";

/** What joinWaitlist receives. */
export interface JoinWaitlistRequest {
  resourceId: string;
  startTime: Date;
  endTime: Date;
  quantity?: number | null;
  idempotencyKey: string;
}

type Joined = { kind: "joined"; id: string } | { kind: "replayed"; entry: WaitlistRow } | { kind: "holdLimit" };
type Left = { kind: "left" } | { kind: "invalid"; message: string };

const LEFT_REASON = "Left the waitlist";

/** The waitlist for one request: join, leave, and the user's entries. */
export class WaitlistService {
  private readonly line: WaitlistLine;
  private readonly positionOf;

  constructor(
    private readonly deps: ReservationDeps,
    private readonly viewer: Viewer | null,
    private readonly clientIp: string | null = null,
  ) {
    this.line = new WaitlistLine(deps);
    this.positionOf = loaderByKey((ids: readonly string[]) => deps.uow.repositories.waitlist.positionsOf(wellFormedIds(ids)), (row) => row.id);
  }

  /**
   * Joins the line for a range, with createBooking's input rules and codes. Under the resource's
   * lock: if the units are free now (after those already waiting had their turn) the entry is
   * OFFERED at once with a HOLD (HOLD_LIMIT_REACHED at the limit); otherwise it waits.
   */
  async join(input: JoinWaitlistRequest): Promise<WaitlistRow> {
    const viewer = this.requireViewer();
    const customerId = viewer.userId;
    const request = normaliseBookingRequest({ ...input, notes: null });
    const now = this.deps.now?.() ?? new Date();
    const { waitlist } = this.deps.uow.repositories;
    const earlier = await waitlist.findByIdempotencyKey(customerId, request.idempotencyKey);
    if (earlier) return replayOf(earlier, request);
    await this.deps.limits?.spendJoinWaitlist(customerId, this.clientIp);

    const prepared = await prepareHold(this.deps, customerId, request, now);
    const joined = await this.deps.uow.transaction((repositories) => this.enter(repositories, randomUUID(), prepared), BOOKING_TRANSACTION);
    switch (joined.kind) {
      case "replayed":
        return replayOf(joined.entry, request);
      case "holdLimit":
        throw holdLimitReached(this.deps.maxHoldsPerCustomer);
      case "joined":
        return (await waitlist.findByIds([joined.id]))[0]!;
    }
  }

  /** Leaves the line: WAITING -> CANCELLED; an OFFERED entry's HOLD is cancelled with it (its units go to the next that fits). */
  async leave(id: string): Promise<WaitlistRow> {
    const viewer = this.requireViewer();
    const entryId = normaliseId(id);
    const [entry] = entryId ? await this.deps.uow.repositories.waitlist.findByIds([entryId]) : [];
    // only its customer may leave it; anybody else may not know it exists
    if (!entry || entry.customerId !== viewer.userId) throw notFound("Waitlist entry");
    const left = await this.deps.uow.transaction((repositories) => this.exit(repositories, entry), BOOKING_TRANSACTION);
    if (left.kind === "invalid") throw new AppError("INVALID_STATE", left.message);
    return (await this.deps.uow.repositories.waitlist.findByIds([entry.id]))[0]!;
  }

  /** User.waitlist: the user themself and admins, newest first. */
  async entriesOfCustomer(customerId: string, status: WaitlistStatus | null | undefined): Promise<WaitlistRow[]> {
    const viewer = this.requireViewer();
    if (viewer.role !== Role.ADMIN && viewer.userId !== customerId.toLowerCase()) throw forbidden("Only the customer and admins can see a customer's waitlist");
    if (!isId(customerId)) return [];
    return this.deps.uow.repositories.waitlist.ofCustomer(customerId.toLowerCase(), status ?? null);
  }

  /** 1 = served next among the resource's WAITING entries; null unless WAITING. */
  async position(entry: WaitlistRow): Promise<number | null> {
    if (entry.status !== "WAITING") return null;
    return (await this.positionOf.load(entry.id))?.position ?? null;
  }

  private async enter(repositories: BookingsRepositories, entryId: string, { hold, contact, facts }: PreparedHold): Promise<Joined> {
    const { changes, waitlist } = repositories;
    await changes.lockResource(hold.resourceId);
    await changes.lockCustomer(hold.customerId);
    const twin = await waitlist.findByIdempotencyKey(hold.customerId, hold.idempotencyKey);
    if (twin) return { kind: "replayed", entry: twin };
    const expired = await changes.expireOverdueHoldsOf(hold.resourceId);
    // those already in line have their turn first
    const served = await this.line.serve(repositories, await this.line.factsFor(repositories, hold.resourceId, facts));
    const settled = [...expired, ...served];
    const free = await unitsAreFree(repositories, hold);
    if (free && (await changes.liveHoldsOf(hold.customerId)) >= this.deps.maxHoldsPerCustomer) {
      await changes.appendEvents(settled);
      return { kind: "holdLimit" };
    }
    const entry = await waitlist.insertWaiting({
      id: entryId,
      customerId: hold.customerId,
      resourceId: hold.resourceId,
      startTime: hold.startTime,
      endTime: hold.endTime,
      quantity: hold.quantity,
      idempotencyKey: hold.idempotencyKey,
      contactName: contact.name,
      contactEmail: contact.email,
      contactPhone: contact.phone,
    });
    const offered = free ? await this.line.offer(repositories, entry, facts, hold) : null;
    await changes.appendEvents(offered ? [...settled, offered] : settled);
    return { kind: "joined", id: entry.id };
  }

  private async exit(repositories: BookingsRepositories, entry: WaitlistRow): Promise<Left> {
    const { changes, waitlist } = repositories;
    await changes.lockResource(entry.resourceId);
    const expired = await changes.expireOverdueHoldsOf(entry.resourceId);
    // read before the first outbox row (see WaitlistLine.factsFor)
    const line = await this.line.factsFor(repositories, entry.resourceId);
    const booking = entry.bookingId ? await changes.lockBooking(entry.bookingId) : null;
    const [current] = await waitlist.findByIds([entry.id]);
    let freed = expired.length > 0;
    let outcome: Left = { kind: "left" };
    if (current!.status === "WAITING") {
      await waitlist.cancelWaiting(entry.id);
    } else if (current!.status === "EXPIRED") {
      outcome = { kind: "invalid", message: "The entry has expired" };
    } else if (current!.status === "OFFERED" && booking!.status !== BookingStatus.HOLD) {
      outcome = { kind: "invalid", message: `The entry's booking is ${booking!.status} already; cancel the booking instead` };
    } else if (current!.status === "OFFERED") {
      // the entry follows its HOLD to CANCELLED (a trigger, in the same statement)
      const at = await changes.changeStatus(booking!, { from: BookingStatus.HOLD, to: BookingStatus.CANCELLED, reason: LEFT_REASON, event: BookingEventType.CANCELLED, cancellation: { by: Role.CUSTOMER } });
      const cancelled = (await changes.findBooking(booking!.id))!;
      await changes.publish(EVENT_TYPES.bookingCancelled, { ...cancellationNotice(cancelled, Role.CUSTOMER, at, BookingStatus.HOLD, LEFT_REASON) });
      freed = true;
    }
    // CANCELLED already: a retry, nothing to do
    const served = freed ? await this.line.serve(repositories, line) : [];
    await changes.appendEvents([...expired, ...served]);
    return outcome;
  }

  private requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }
}

/** The entry a key made, if this request is the same one; otherwise IDEMPOTENCY_KEY_REUSED. */
function replayOf(entry: WaitlistRow, request: BookingRequest): WaitlistRow {
  const same =
    entry.resourceId === request.resourceId &&
    entry.startTime.getTime() === request.startTime.getTime() &&
    entry.endTime.getTime() === request.endTime.getTime() &&
    entry.quantity === request.quantity;
  if (!same) throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different waitlist request");
  return entry;
}
