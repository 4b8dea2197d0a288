import type { BusinessStatus, BusinessType, PriceUnit, ResourceStatus, ResourceType } from "@booking/contracts";
import { signUp, signUpAdmin, type SignedIn } from "./accounts.js";
import { BLOCK_RESOURCE, CREATE_BUSINESS, CREATE_RESOURCE, SET_BUSINESS_STATUS, SET_RESOURCE_STATUS, VERIFY_BUSINESS, ok } from "./catalog.js";
import type { TestSupergraph } from "./supergraph.js";
import { waitFor } from "./wait.js";

/**
 * The one family of test-data factories: each makes what it names through the router, as a
 * client would, in one line (`await makeActiveBusiness(system)`).
 */

/** The business fields every business factory sends unless told otherwise. */
export const BUSINESS_INPUT = { name: "Test Business", type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon" } as const;

/** A valid resource input: a nightly room. */
export const RESOURCE_INPUT = { name: "Room 1", type: "HOTEL_ROOM", price: "120.00", currency: "EUR", priceUnit: "NIGHT" } as const;

/** What `makeBookableResource` makes unless told otherwise: an hourly room of a Lisbon hotel, open always. */
export const BOOKABLE_BUSINESS = { name: "Harbour Hotel", type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon" } as const;
export const BOOKABLE_RESOURCE = { name: "Room 101", type: "HOTEL_ROOM", price: "40.00", currency: "EUR", priceUnit: "HOUR", capacity: 1, freeCancellationHours: 24 } as const;

export interface OpeningHoursRow {
  dayOfWeek: number;
  opens: string;
  closes: string;
}

/** createBusiness's input fields, the owner, and the status to end in (PENDING as created; others after an admin verified it). */
export interface BusinessOptions {
  vendor?: SignedIn;
  status?: BusinessStatus;
  name?: string;
  type?: BusinessType;
  city?: string;
  timezone?: string;
  description?: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** createResource's input fields, and the status to end in (ACTIVE as created). */
export interface ResourceOptions {
  status?: ResourceStatus;
  name?: string;
  type?: ResourceType;
  description?: string;
  price?: string;
  currency?: string;
  priceUnit?: PriceUnit;
  capacity?: number;
  slotMinutes?: number | null;
  openingHours?: OpeningHoursRow[];
  freeCancellationHours?: number;
  categoryId?: string;
  metadata?: Record<string, unknown>;
}

export interface TestBusiness {
  vendor: SignedIn;
  business: { id: string; name: string; status: string; timezone: string; [field: string]: any };
}

export interface TestResource extends TestBusiness {
  resource: { id: string; name: string; status: string; [field: string]: any };
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

/**
 * Waits until resources' replica of the business holds the newest facts businesses published
 * (business.facts_changed travels asynchronously), so a test goes on from a settled catalog.
 */
export async function businessReplicated(system: TestSupergraph, businessId: string): Promise<void> {
  await waitFor(async () => {
    const [published] = await system.subgraphs.businesses.db.$queryRaw<{ version: bigint | null }[]>`
      SELECT max((payload->>'version')::bigint) AS version FROM events.event_outbox
      WHERE type = 'business.facts_changed' AND payload->>'id' = ${businessId}`;
    const replica = await system.subgraphs.resources.db.business.findUnique({ where: { id: businessId }, select: { version: true } });
    return published?.version != null && replica !== null && replica.version >= published.version;
  }, 15_000, `the business replica to hold business ${businessId}'s newest facts`);
}

/** A business of `options.vendor` (a new vendor when none is given): PENDING unless `options.status` says otherwise; resources' replica has it when this returns. */
export async function makeBusiness(system: TestSupergraph, options: BusinessOptions = {}): Promise<TestBusiness> {
  const { vendor: given, status = "PENDING", ...input } = options;
  const vendor = given ?? (await signUpVendor(system));
  const business = ok(await system.request(CREATE_BUSINESS, { input: { ...BUSINESS_INPUT, ...input } }, { token: vendor.accessToken })).createBusiness;
  if (status !== "PENDING") {
    const admin = await theAdmin(system);
    ok(await system.request(VERIFY_BUSINESS, { id: business.id }, { token: admin.accessToken }));
    if (status !== "ACTIVE") ok(await system.request(SET_BUSINESS_STATUS, { id: business.id, status }, { token: admin.accessToken }));
  }
  await businessReplicated(system, business.id);
  return status === "PENDING" ? { vendor, business } : { vendor, business: { ...business, status, isVerified: true } };
}

/** An ACTIVE, verified business: created by its vendor, verified by an admin. */
export function makeActiveBusiness(system: TestSupergraph, options: Omit<BusinessOptions, "status"> = {}): Promise<TestBusiness> {
  return makeBusiness(system, { ...options, status: "ACTIVE" });
}

/** A resource of a business, created by its vendor: ACTIVE unless `options.status` says otherwise. */
export async function makeResource(system: TestSupergraph, owner: TestBusiness, options: ResourceOptions = {}): Promise<TestResource> {
  const { status = "ACTIVE", ...input } = options;
  const token = owner.vendor.accessToken;
  const resource = ok(await system.request(CREATE_RESOURCE, { businessId: owner.business.id, input: { ...RESOURCE_INPUT, ...input } }, { token })).createResource;
  if (status !== "ACTIVE") ok(await system.request(SET_RESOURCE_STATUS, { id: resource.id, status }, { token }));
  return { ...owner, resource: { ...resource, status } };
}

/** A resource to book, of a fresh business (ACTIVE unless `options.business.status` says otherwise), in one line. */
export async function makeBookableResource(system: TestSupergraph, options: ResourceOptions & { business?: BusinessOptions } = {}): Promise<TestResource> {
  const { business: { status = "ACTIVE", ...business } = {}, ...resource } = options;
  const priceUnit = resource.priceUnit ?? BOOKABLE_RESOURCE.priceUnit;
  const slotMinutes = resource.slotMinutes ?? (priceUnit === "SLOT" ? 30 : undefined);
  const owner = await makeBusiness(system, { ...BOOKABLE_BUSINESS, ...business, status: status === "PENDING" ? "PENDING" : "ACTIVE" });
  const made = await makeResource(system, owner, { ...BOOKABLE_RESOURCE, ...resource, priceUnit, ...(slotMinutes === undefined ? {} : { slotMinutes }) });
  // Any other status last: its owner cannot add resources to a DELETED business.
  if (status === "ACTIVE" || status === "PENDING") return made;
  const admin = await theAdmin(system);
  ok(await system.request(SET_BUSINESS_STATUS, { id: owner.business.id, status }, { token: admin.accessToken }));
  await businessReplicated(system, owner.business.id);
  return { ...made, business: { ...made.business, status } };
}

/** A block (maintenance, holidays) on a resource, put on by its vendor. */
export async function blockResource(system: TestSupergraph, made: TestResource, start: Date, end: Date): Promise<void> {
  const variables = { resourceId: made.resource.id, start: start.toISOString(), end: end.toISOString(), reason: "maintenance" };
  ok(await system.request(BLOCK_RESOURCE, variables, { token: made.vendor.accessToken }));
}
