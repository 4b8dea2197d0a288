import { expect } from "vitest";
import { signUp, signUpAdmin, type SignedIn } from "./accounts.js";
import type { GraphQLResult } from "./subgraph.js";
import type { TestSupergraph } from "./supergraph.js";

/** The business fields every factory sends unless told otherwise. */
export const BUSINESS_INPUT = { name: "Test Business", type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon" } as const;

/** A valid resource input: a nightly room. */
export const RESOURCE_INPUT = { name: "Room 1", type: "HOTEL_ROOM", price: "120.00", currency: "EUR", priceUnit: "NIGHT" } as const;

const BUSINESS_FIELDS = "id name description type address city phone email timezone status isVerified createdAt owner { id }";
const RESOURCE_FIELDS = `id name type description metadata status capacity slotMinutes priceUnit freeCancellationHours createdAt
  price { amount currency } openingHours { dayOfWeek opens closes } category { id name } business { id }`;

export const CREATE_BUSINESS = `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { ${BUSINESS_FIELDS} } }`;
export const UPDATE_BUSINESS = `mutation($id: ID!, $input: UpdateBusinessInput!) { updateBusiness(id: $id, input: $input) { ${BUSINESS_FIELDS} } }`;
export const VERIFY_BUSINESS = `mutation($id: ID!) { verifyBusiness(id: $id) { id status isVerified } }`;
export const SET_BUSINESS_STATUS = `mutation($id: ID!, $status: BusinessStatus!) { setBusinessStatus(id: $id, status: $status) { id status isVerified } }`;
export const BUSINESS = `query($id: ID!) { business(id: $id) { ${BUSINESS_FIELDS} } }`;
export const CREATE_RESOURCE = `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { ${RESOURCE_FIELDS} } }`;
export const UPDATE_RESOURCE = `mutation($id: ID!, $input: UpdateResourceInput!) { updateResource(id: $id, input: $input) { ${RESOURCE_FIELDS} } }`;
export const SET_RESOURCE_STATUS = `mutation($id: ID!, $status: ResourceStatus!) { setResourceStatus(id: $id, status: $status) { id status } }`;
export const RESOURCE = `query($id: ID!) { resource(id: $id) { ${RESOURCE_FIELDS} } }`;
export const CREATE_CATEGORY = `mutation($businessId: ID!, $name: String!) { createResourceCategory(businessId: $businessId, name: $name) { id name business { id } } }`;
export const BLOCK_RESOURCE = `mutation($resourceId: ID!, $start: DateTime!, $end: DateTime!, $reason: String) {
  blockResource(resourceId: $resourceId, start: $start, end: $end, reason: $reason) { id start end reason resource { id } } }`;
export const UNBLOCK_RESOURCE = `mutation($blockId: ID!) { unblockResource(blockId: $blockId) }`;

/** The first error's code and field, or undefined when the operation succeeded. */
export function failure(result: GraphQLResult<unknown>): { code?: string; field?: string } | undefined {
  const error = result.errors?.[0];
  return error ? { code: error.extensions?.code, field: error.extensions?.field } : undefined;
}

/** The data of an operation that must have succeeded. */
export function ok<T = any>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

const admins = new WeakMap<TestSupergraph, Promise<SignedIn>>();

/** One admin per running system, made on first use. */
export function theAdmin(system: TestSupergraph): Promise<SignedIn> {
  let admin = admins.get(system);
  if (!admin) {
    admin = signUpAdmin(system);
    admins.set(system, admin);
  }
  return admin;
}

export function signUpVendor(system: TestSupergraph): Promise<SignedIn> {
  return signUp(system, { role: "VENDOR" });
}

/** A PENDING business of `vendor` (a new vendor when none is given), made through the router. */
export async function makeBusiness(system: TestSupergraph, vendor?: SignedIn, input: Record<string, unknown> = {}) {
  const owner = vendor ?? (await signUpVendor(system));
  const result = await system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, ...input } }, { token: owner.accessToken });
  return { vendor: owner, business: ok(result).createBusiness as { id: string; name: string; status: string; [field: string]: unknown } };
}

/** An ACTIVE, verified business: created by its vendor, verified by an admin. */
export async function makeActiveBusiness(system: TestSupergraph, vendor?: SignedIn, input: Record<string, unknown> = {}) {
  const made = await makeBusiness(system, vendor, input);
  const admin = await theAdmin(system);
  ok(await system.request(VERIFY_BUSINESS, { id: made.business.id }, { token: admin.accessToken }));
  return { ...made, business: { ...made.business, status: "ACTIVE", isVerified: true } };
}

/** A resource of a business, created by `owner` (its vendor or an admin) through the router. */
export async function makeResource(system: TestSupergraph, owner: SignedIn, businessId: string, input: Record<string, unknown> = {}) {
  const result = await system.request(CREATE_RESOURCE, { businessId, input: { ...RESOURCE_INPUT, ...input } }, { token: owner.accessToken });
  return ok(result).createResource as { id: string; name: string; status: string; [field: string]: any };
}

/** Polls `check` until it returns something other than undefined (or false), for at most `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
