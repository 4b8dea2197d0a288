import type { Caller, RequestContext } from "@booking/common";
import { AvailabilityService } from "./availability/availability.service.js";
import { BookingLifecycleService } from "./booking/booking-lifecycle.service.js";
import { BookingReservationService, type ReservationDeps } from "./booking/booking-reservation.service.js";
import { BookingService } from "./booking/booking.service.js";
import { ResourceBlockService } from "./resource-block/resource-block.service.js";
import { WaitlistLine } from "./waitlist/waitlist-line.js";
import { WaitlistService } from "./waitlist/waitlist.service.js";

export interface BookingsContext extends RequestContext {
  /** reads, lists and who may see what */
  bookings: BookingService;
  /** createBooking */
  reservations: BookingReservationService;
  /** confirm, cancel, complete, no-show */
  lifecycle: BookingLifecycleService;
  /** Resource.availability */
  availability: AvailabilityService;
  /** blockResource, unblockResource */
  blocks: ResourceBlockService;
  /** joinWaitlist, leaveWaitlist, User.waitlist */
  waitlist: WaitlistService;
}

/** The long-lived parts every request shares. */
export type BookingsRuntime = ReservationDeps;

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: BookingsRuntime, caller: Caller): BookingsContext {
  const { viewer } = caller;
  return {
    viewer,
    bookings: new BookingService(runtime.uow.repositories.bookings, viewer),
    reservations: new BookingReservationService(runtime, viewer, caller.clientIp),
    lifecycle: new BookingLifecycleService(runtime.uow, viewer, new WaitlistLine(runtime)),
    availability: new AvailabilityService(runtime.catalog, runtime.uow.repositories, runtime.now),
    blocks: new ResourceBlockService(runtime.uow, runtime.catalog, viewer, new WaitlistLine(runtime)),
    waitlist: new WaitlistService(runtime, viewer, caller.clientIp),
  };
}
