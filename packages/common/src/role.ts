import { registerEnumType } from "type-graphql";

// The role the trust chain vouches for (see trust.ts): part of who is calling, so it lives
// with the caller here rather than with the domain's contracts.
export enum Role {
  CUSTOMER = "CUSTOMER",
  VENDOR = "VENDOR",
  ADMIN = "ADMIN",
}
registerEnumType(Role, {
  name: "Role",
  description: "What a user may do.",
  valuesConfig: { CUSTOMER: { description: "books resources" }, VENDOR: { description: "owns one business and its catalog" }, ADMIN: { description: "operates the platform: verifies businesses, manages users" } },
});
