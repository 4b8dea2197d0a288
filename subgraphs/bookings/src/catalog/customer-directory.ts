import { callInternal } from "@booking/common";
import { CUSTOMER_CONTACT_PATH, type CustomerContact, type CustomerContactRequest } from "@booking/contracts";

/** Customers' contact details, as the users subgraph holds them (signed internal endpoint). */
export class CustomerDirectory {
  constructor(
    private readonly usersUrl: string,
    private readonly internalSecret: string,
  ) {}

  /** null when no such user; SERVICE_UNAVAILABLE when users cannot answer. */
  contactOf(userId: string): Promise<CustomerContact | null> {
    return callInternal<CustomerContact>(this.usersUrl, CUSTOMER_CONTACT_PATH, { userId } satisfies CustomerContactRequest, { audience: "users", internalSecret: this.internalSecret });
  }
}
