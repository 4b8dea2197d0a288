import { badInput, ianaTimeZone, optionalEmail, optionalPhone, optionalText, requiredText } from "@booking/common";
import { type BusinessType } from "@booking/contracts";
import type { CreateBusinessInput, UpdateBusinessInput } from "./business.type.js";

/** The limits the database's CHECK constraints also hold. */
export const BUSINESS_LIMITS = { name: 200, description: 2000, address: 300, city: 100 } as const;

export interface NewBusinessFields {
  name: string;
  description: string | null;
  type: BusinessType;
  address: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  timezone: string;
}

/** What createBusiness stores, or BAD_USER_INPUT naming the first field at fault. */
export function newBusinessFields(input: CreateBusinessInput): NewBusinessFields {
  return {
    name: requiredText(input.name, "name", BUSINESS_LIMITS.name),
    description: optionalText(input.description, "description", BUSINESS_LIMITS.description) ?? null,
    type: input.type,
    address: optionalText(input.address, "address", BUSINESS_LIMITS.address) ?? null,
    city: optionalText(input.city, "city", BUSINESS_LIMITS.city) ?? null,
    phone: optionalPhone(input.phone) ?? null,
    email: optionalEmail(input.email) ?? null,
    timezone: ianaTimeZone(input.timezone),
  };
}

/**
 * What updateBusiness changes: an absent field stays as it is; null clears an optional field;
 * name and timezone cannot be cleared, so null there is BAD_USER_INPUT.
 */
export function businessChanges(input: UpdateBusinessInput): Partial<Omit<NewBusinessFields, "type">> {
  const changes: Partial<Omit<NewBusinessFields, "type">> = {};
  if (input.name !== undefined) {
    if (input.name === null) throw badInput("name", "name cannot be cleared");
    changes.name = requiredText(input.name, "name", BUSINESS_LIMITS.name);
  }
  if (input.timezone !== undefined) {
    if (input.timezone === null) throw badInput("timezone", "timezone cannot be cleared");
    changes.timezone = ianaTimeZone(input.timezone);
  }
  const description = optionalText(input.description, "description", BUSINESS_LIMITS.description);
  if (description !== undefined) changes.description = description;
  const address = optionalText(input.address, "address", BUSINESS_LIMITS.address);
  if (address !== undefined) changes.address = address;
  const city = optionalText(input.city, "city", BUSINESS_LIMITS.city);
  if (city !== undefined) changes.city = city;
  const phone = optionalPhone(input.phone);
  if (phone !== undefined) changes.phone = phone;
  const email = optionalEmail(input.email);
  if (email !== undefined) changes.email = email;
  return changes;
}
