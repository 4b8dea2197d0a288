import { buildFederatedSchema } from "@booking/common";
import { BookingEventResolver, NO_PUBSUB } from "./booking-event/booking-event.resolver.js";
import { resolveBookingReference } from "./booking/booking.reference.js";
import { BookingResolver } from "./booking/booking.resolver.js";
import { resolveBusinessReference } from "./business/business.reference.js";
import { BusinessBookingsResolver } from "./business/business.resolver.js";
import { resolveResourceReference } from "./resource/resource.reference.js";
import { ResourceBlockResolver } from "./resource-block/resource-block.resolver.js";
import { ResourceBookingsResolver } from "./resource/resource.resolver.js";
import { resolveUserReference } from "./user/user.reference.js";
import { UserBookingsResolver } from "./user/user.resolver.js";
import { WaitlistResolver } from "./waitlist/waitlist.resolver.js";

export async function buildBookingsSchema() {
  return buildFederatedSchema(
    {
      resolvers: [BookingResolver, BookingEventResolver, UserBookingsResolver, BusinessBookingsResolver, ResourceBookingsResolver, ResourceBlockResolver, WaitlistResolver],
      // events reach clients through the router; type-graphql only insists on a pubSub
      pubSub: NO_PUBSUB,
    },
    {
      Booking: { __resolveReference: resolveBookingReference },
      User: { __resolveReference: resolveUserReference },
      Business: { __resolveReference: resolveBusinessReference },
      Resource: { __resolveReference: resolveResourceReference },
    },
  );
}
