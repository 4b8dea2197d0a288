import { internalRoute } from "@booking/common";
import { BOOKING_FACTS_PATH, BOOKING_PAYMENT_PATH, type BookingFactsRequest, type BookingPaymentNotice } from "@booking/contracts";
import type express from "express";
import type { BookingPaymentService } from "./booking-payment.service.js";

/** The signed internal endpoints the payments subgraph calls (shapes in @booking/common). */
export function serveBookingPayments(app: express.Express, payments: BookingPaymentService, internalSecret: string): void {
  internalRoute(app, BOOKING_FACTS_PATH, internalSecret, (body: Partial<BookingFactsRequest> | null) => payments.facts(body?.bookingId));
  internalRoute(app, BOOKING_PAYMENT_PATH, internalSecret, (body: Partial<BookingPaymentNotice> | null) => payments.recordPayment(body));
}
