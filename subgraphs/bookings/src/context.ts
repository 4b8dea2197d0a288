import type { RequestContext, Viewer } from "@booking/common";
import { BookingRepository } from "./booking/booking.repository.js";
import { BookingService } from "./booking/booking.service.js";
import type { PrismaClient } from "./generated/prisma/client.js";

export interface BookingsContext extends RequestContext {
  bookings: BookingService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(db: PrismaClient, viewer: Viewer | null): BookingsContext {
  return { viewer, bookings: new BookingService(new BookingRepository(db), viewer) };
}
