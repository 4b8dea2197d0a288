import { internalRoute } from "@booking/common";
import { BOOKING_FACTS_PATH, type BookingFactsRequest } from "@booking/contracts";
import type express from "express";
import type { BookingPaymentService } from "./booking-payment.service.js";

/** The signed internal endpoint the payments subgraph calls (shapes in @booking/contracts). */
export function serveBookingPayments(app: express.Express, payments: BookingPaymentService, internalSecret: string): void {
  internalRoute(app, BOOKING_FACTS_PATH, internalSecret, (body: Partial<BookingFactsRequest> | null) => payments.facts(body?.bookingId));
}
