import { AppError, Role, type Viewer } from "@booking/common";
import type { ApolloServer } from "@apollo/server";
import type { RouterContext } from "../context.js";
import type { BookingChange } from "./booking-event-stream.js";

/**
 * Who may watch which booking events: the one place this rule lives. `myBookingEvents` is a
 * viewer's own bookings; `bookingEvents(businessId)` is a business's bookings, for its owner
 * and admins. The rule itself does no I/O; `businessOwnerLookup` is how the router learns a
 * business's owner (through the supergraph, as the subscriber, so businesses' visibility rules apply).
 */

/** Which events one subscription receives. */
export type EventFilter = (change: BookingChange) => boolean;

/** myBookingEvents: a change to one of the viewer's own bookings. */
export function isOwnEvent(change: BookingChange, viewer: Viewer): boolean {
  return change.customerId === viewer.userId;
}

/** What the supergraph says about a business for this viewer: its owner, none visible, or no answer. */
export type BusinessOwnerAnswer = { ownerId: string } | "not-found" | "unavailable";

/** Looks a business's owner up as `context`'s viewer. */
export type BusinessOwnerLookup = (businessId: string, context: RouterContext) => Promise<BusinessOwnerAnswer>;

/** bookingEvents(businessId): its owner and admins may watch; anyone else is refused with a coded error. */
export async function canWatchBusinessEvents(businessId: string, viewer: Viewer, context: RouterContext, lookUpOwner: BusinessOwnerLookup): Promise<EventFilter | AppError> {
  const business = await lookUpOwner(businessId, context);
  if (business === "unavailable") return new AppError("SERVICE_UNAVAILABLE", "The businesses service is unavailable; try again shortly");
  if (business === "not-found") return new AppError("NOT_FOUND", "Business not found");
  if (viewer.role !== Role.ADMIN && business.ownerId !== viewer.userId) return new AppError("FORBIDDEN", "Only the business owner and admins can watch its bookings");
  const normalised = businessId.toLowerCase();
  return (change) => change.businessId === normalised;
}

/** The owner lookup over the router's own gateway: `business(id) { owner { id } }` run as the subscriber. */
export function businessOwnerLookup(apollo: ApolloServer<RouterContext>): BusinessOwnerLookup {
  return async (businessId, context) => {
    const result = await apollo.executeOperation<{ business: { owner: { id: string } } | null }>(
      { query: "query($id: ID!) { business(id: $id) { owner { id } } }", variables: { id: businessId } },
      { contextValue: context },
    );
    const single = result.body.kind === "single" ? result.body.singleResult : null;
    const business = single?.data?.business;
    if (!business && single?.errors?.some((error) => error.extensions?.code === "SERVICE_UNAVAILABLE")) return "unavailable";
    return business ? { ownerId: business.owner.id } : "not-found";
  };
}
