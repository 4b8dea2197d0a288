import { callInternal } from "@booking/common";
import { BOOKING_FACTS_PATH, type BookingFacts, type BookingFactsRequest } from "@booking/contracts";

/** What bookings says a booking costs and where it stands (signed internal call); null when unknown. */
export class BookingFactsClient {
  constructor(
    private readonly bookingsUrl: string,
    private readonly internalSecret: string,
  ) {}

  facts(bookingId: string): Promise<BookingFacts | null> {
    const request: BookingFactsRequest = { bookingId };
    return callInternal<BookingFacts>(this.bookingsUrl, BOOKING_FACTS_PATH, request, { audience: "bookings", internalSecret: this.internalSecret });
  }
}
