import { AppError } from "@booking/common";
import { EVENT_TYPES, type ResourceFacts, type WaitlistOfferedEvent } from "@booking/contracts";
import type { BookingEventDraft } from "../booking/booking-changes.repository.js";
import { summaryOf } from "../booking/booking-payment.service.js";
import { createdEvent, holdFrom, insertHold, isBookable, type HoldDraft, type ReservationDeps } from "../booking/booking-reservation.service.js";
import type { BookingsRepositories } from "../repositories.js";
import type { WaitlistRow } from "./waitlist.repository.js";

/** What serving a resource's line needs from the catalog (its capacity, status, prices), read before the transaction writes anything. */
export interface LineFacts {
  resourceId: string;
  facts: ResourceFacts;
}

/**
 * Serves a resource's waitlist: when units free up, its WAITING entries get HOLDs in the order
 * they joined, the earliest entry whose range fits first; an entry that does not fit does not
 * hold back later ones that do. Every method runs inside a transaction that holds the
 * resource's advisory lock (the one createBooking takes), so no booking can take freed units
 * before the line has had them.
 */
export class WaitlistLine {
  constructor(private readonly deps: Pick<ReservationDeps, "catalog" | "holdSeconds" | "maxHoldsPerCustomer" | "now" | "drawBookingNumber">) {}

  /**
   * The resource as the catalog tells it, when anybody waits (null otherwise, with no call to
   * resources). `known`: facts the caller read a moment ago, so a booking calls nothing while it
   * holds the lock. Call it before the transaction writes its first outbox row: that row takes a
   * lock every booking change waits for, and this may call resources.
   */
  async factsFor({ waitlist }: BookingsRepositories, resourceId: string, known?: ResourceFacts | null): Promise<LineFacts | null> {
    if (!(await waitlist.anyWaiting(resourceId))) return null;
    const facts = known ?? (await this.deps.catalog.facts(resourceId));
    return facts ? { resourceId, facts } : null;
  }

  /**
   * Offers freed units to the line: returns the CREATED events of the HOLDs made, for the caller
   * to append last. A customer at MAX_HOLDS_PER_CUSTOMER (or making a hold elsewhere at this very
   * moment) is passed over this time and keeps their place.
   */
  async serve(repositories: BookingsRepositories, line: LineFacts | null): Promise<BookingEventDraft[]> {
    if (!line || !isBookable(line.facts)) return [];
    const { changes, waitlist } = repositories;
    const passedOver: string[] = [];
    const events: BookingEventDraft[] = [];
    for (;;) {
      const entry = await waitlist.firstFitting(line.resourceId, line.facts.resource.capacity, passedOver);
      if (!entry) return events;
      const offered = await this.offer(repositories, entry, line.facts);
      if (offered) events.push(offered);
      else passedOver.push(entry.id);
    }
  }

  /**
   * The whole of serving one resource in its own transaction: lock it, expire its overdue holds,
   * serve its line. Whatever else frees units of a resource (a capacity increase, the resource or
   * its business bookable again, an unblock) calls this.
   */
  async serveResource(repositories: BookingsRepositories, resourceId: string): Promise<number> {
    const { changes } = repositories;
    await changes.lockResource(resourceId);
    const expired = await changes.expireOverdueHoldsOf(resourceId);
    const offers = await this.serve(repositories, await this.factsFor(repositories, resourceId));
    await changes.appendEvents([...expired, ...offers]);
    return offers.length;
  }

  /**
   * Makes the entry's HOLD (entry OFFERED, booking set) and tells the customer by mail; null,
   * changing nothing, when the customer is at the holds limit or the range no longer suits the
   * resource (its unit or opening hours changed).
   */
  async offer(repositories: BookingsRepositories, entry: WaitlistRow, facts: ResourceFacts, hold?: HoldDraft): Promise<BookingEventDraft | null> {
    const { changes, waitlist } = repositories;
    // Never wait for a customer's lock here: this transaction may hold another customer's already.
    if (!(await changes.tryLockCustomer(entry.customerId))) return null;
    if ((await changes.liveHoldsOf(entry.customerId)) >= this.deps.maxHoldsPerCustomer) return null;
    const draft = hold ?? this.holdFor(entry, facts);
    if (!draft) return null;
    const inserted = await insertHold(changes, { ...draft, idempotencyKey: offerKey(entry.id) }, this.deps.drawBookingNumber);
    if (inserted.kind !== "created" || !(await waitlist.markOffered(entry.id, inserted.id))) return null;
    const booking = (await changes.findBooking(inserted.id))!;
    const offered: WaitlistOfferedEvent = { ...summaryOf(booking), entryId: entry.id, holdExpiresAt: booking.holdExpiresAt!.toISOString() };
    await changes.publish(EVENT_TYPES.waitlistOffered, { ...offered });
    return createdEvent(inserted.id, draft);
  }

  private holdFor(entry: WaitlistRow, facts: ResourceFacts): HoldDraft | null {
    const request = { resourceId: entry.resourceId, startTime: entry.startTime, endTime: entry.endTime, quantity: entry.quantity, notes: null, idempotencyKey: offerKey(entry.id) };
    const contact = { name: entry.contactName, email: entry.contactEmail, phone: entry.contactPhone };
    try {
      return holdFrom(facts, entry.customerId, contact, request, this.deps.now?.() ?? new Date(), this.deps.holdSeconds);
    } catch (error) {
      // the resource's unit or hours changed since the entry joined: it waits on, passed over
      if (error instanceof AppError) return null;
      throw error;
    }
  }
}

/** The idempotency key of the HOLD an entry is offered: one per entry. */
function offerKey(entryId: string): string {
  return `waitlist:${entryId}`;
}
