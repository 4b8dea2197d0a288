import { internalRoute, normaliseId } from "@booking/common";
import { CUSTOMER_CONTACT_PATH, type CustomerContact, type CustomerContactRequest } from "@booking/contracts";
import type express from "express";
import type { UserRepository } from "./user.repository.js";

/**
 * bookings freezes the customer's contact into each booking, for the vendor: read here from
 * the users database, signed, so a client can never put someone else's email on a booking.
 */
export function serveCustomerContact(app: express.Express, users: UserRepository, internalSecret: string): void {
  internalRoute(app, CUSTOMER_CONTACT_PATH, internalSecret, async (body: CustomerContactRequest | null): Promise<CustomerContact | null> => {
    const id = typeof body?.userId === "string" ? normaliseId(body.userId) : null;
    const user = id ? await users.findById(id) : null;
    if (!user) return null;
    const name = [user.firstName, user.lastName].filter((part) => part && part.trim() !== "").join(" ");
    return { name: name === "" ? null : name, email: user.email, phone: user.phone };
  });
}
