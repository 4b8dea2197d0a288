import { readFile, readdir } from "node:fs/promises";
import { Kind, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, lastMailedCode, signIn, uniqueIdentity, type SignedIn } from "../support/accounts.js";
import { book, contractOperation, localTime } from "../support/bookings.js";
import { startTestIssuer, type TestIssuer } from "../support/oidc-issuer.js";
import { NOT_BUILT_YET } from "../support/not-built-yet.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { collect, openWebSocket } from "../support/websocket.js";
import { makeBookableResource, theAdmin } from "../support/factories.js";
import { waitFor } from "../support/wait.js";

/**
 * Every operation the contract's first-party clients issue, run once through the router in
 * a realistic journey, each asserted on what it answers. Operations whose issue has not been
 * built yet are listed in scripts/src/not-built-yet.ts and must fail with NOT_IMPLEMENTED (so
 * this test notices the day they work and need real assertions).
 */
const PENDING = new Set(Object.keys(NOT_BUILT_YET).flatMap((part) => (part.startsWith("operation ") ? [part.slice("operation ".length)] : [])));

let system: TestSupergraph;
let issuer: TestIssuer;
const ran = new Set<string>();

beforeAll(async () => {
  issuer = await startTestIssuer();
  system = await startTestSupergraph({ env: { OIDC_ISSUER: issuer.issuer, GOOGLE_CLIENT_ID: issuer.clientId } });
}, 60_000);
afterAll(async () => {
  await system?.stop();
  await issuer?.close();
});

async function op(file: string, name: string, variables: Record<string, unknown> = {}, token?: string) {
  ran.add(name);
  const result = await contractOperation(system, file, name, variables, token);
  if (!PENDING.has(name)) expect(result.errors, `${name}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result;
}

async function operationNames(): Promise<string[]> {
  const folder = new URL("../../schema/operations/", import.meta.url);
  const names: string[] = [];
  for (const file of await readdir(folder)) {
    for (const definition of parse(await readFile(new URL(file, folder), "utf8")).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.push(definition.name.value);
    }
  }
  return names;
}

async function registerVerified(role: "CUSTOMER" | "VENDOR"): Promise<SignedIn> {
  const { email, username } = uniqueIdentity(role.toLowerCase());
  const registered = await op("users.graphql", "Register", { input: { email, username, password: PASSWORD, role, firstName: "Ana", lastName: "Lima" } });
  expect(registered.data.register).toMatchObject({ email, username, role, status: "PENDING_VERIFICATION", emailVerified: false });
  const verified = await op("users.graphql", "VerifyEmail", { email, code: await lastMailedCode(system, email) });
  expect(verified.data.verifyEmail).toMatchObject({ status: "ACTIVE", emailVerified: true });
  const login = await op("users.graphql", "Login", { login: email, password: PASSWORD });
  expect(login.data.login).toMatchObject({ expiresIn: 900, user: { email, username, role, status: "ACTIVE" } });
  return { ...login.data.login.user, accessToken: login.data.login.accessToken, refreshToken: login.data.login.refreshToken };
}

describe("the contract's operations, end to end through the router", () => {
  it("users.graphql", async () => {
    const customer = await registerVerified("CUSTOMER");
    expect((await op("users.graphql", "RequestEmailVerification", { email: customer.email })).data).toEqual({ requestEmailVerification: true });
    const me = await op("users.graphql", "Me", {}, customer.accessToken);
    expect(me.data.me).toMatchObject({ id: customer.id, email: customer.email, role: "CUSTOMER", business: null });
    const profile = await op("users.graphql", "UpdateProfile", { firstName: "Bea", lastName: "Reis", phone: "+351 21 000 0000" }, customer.accessToken);
    expect(profile.data.updateProfile).toEqual({ id: customer.id, firstName: "Bea", lastName: "Reis", phone: "+351 21 000 0000" });
    const refreshed = await op("users.graphql", "RefreshToken", { refreshToken: customer.refreshToken });
    expect(refreshed.data.refreshToken.user.id).toBe(customer.id);
    expect((await op("users.graphql", "Logout", { refreshToken: refreshed.data.refreshToken.refreshToken })).data).toEqual({ logout: true });
    expect((await op("users.graphql", "ChangePassword", { currentPassword: PASSWORD, newPassword: "a second long password" }, customer.accessToken)).data).toEqual({ changePassword: true });
    expect((await op("users.graphql", "RequestPasswordReset", { email: customer.email })).data).toEqual({ requestPasswordReset: true });
    const reset = await op("users.graphql", "ResetPassword", { email: customer.email, code: await lastMailedCode(system, customer.email), newPassword: "a third long password" });
    expect(reset.data).toEqual({ resetPassword: true });
    const again = await signIn(system, customer.email, "a third long password");
    expect((await op("users.graphql", "LogoutAll", {}, again.accessToken)).data).toEqual({ logoutAll: true });

    const google = await op("users.graphql", "LoginWithGoogle", { idToken: await issuer.idToken({ sub: "contract-google", email: "gia@example.com" }) });
    expect(google.data.loginWithGoogle.user).toMatchObject({ email: "gia@example.com", role: "CUSTOMER", status: "ACTIVE", emailVerified: true });

    const admin = await theAdmin(system);
    expect((await op("users.graphql", "User", { id: customer.id }, admin.accessToken)).data.user).toMatchObject({ id: customer.id, email: customer.email });
    const users = await op("users.graphql", "Users", { filter: { search: customer.username }, first: 5 }, admin.accessToken);
    expect(users.data.users).toMatchObject({ totalCount: 1, edges: [{ node: { id: customer.id } }] });
    const suspended = await op("users.graphql", "SetUserStatus", { id: customer.id, status: "SUSPENDED" }, admin.accessToken);
    expect(suspended.data.setUserStatus).toEqual({ id: customer.id, status: "SUSPENDED" });
  });

  it("businesses.graphql, resources.graphql and bookings.graphql: a vendor opens, a customer books, the vendor watches", async () => {
    const admin = await theAdmin(system);
    const vendor = await registerVerified("VENDOR");
    const customer = await registerVerified("CUSTOMER");

    const created = await op("businesses.graphql", "CreateBusiness", { input: { name: "Clinica Norte", type: "CLINIC", city: "Porto", timezone: "Europe/Lisbon", email: "desk@clinica.example" } }, vendor.accessToken);
    const businessId = created.data.createBusiness.id;
    expect(created.data.createBusiness).toMatchObject({ status: "PENDING", isVerified: false, owner: { id: vendor.id } });
    expect((await op("businesses.graphql", "UpdateBusiness", { id: businessId, input: { description: "Family doctors" } }, vendor.accessToken)).data.updateBusiness.description).toBe("Family doctors");
    expect((await op("businesses.graphql", "VerifyBusiness", { id: businessId }, admin.accessToken)).data.verifyBusiness).toEqual({ id: businessId, status: "ACTIVE", isVerified: true });
    expect((await op("businesses.graphql", "SetBusinessStatus", { id: businessId, status: "INACTIVE" }, vendor.accessToken)).data.setBusinessStatus.status).toBe("INACTIVE");
    expect((await op("businesses.graphql", "SetBusinessStatus", { id: businessId, status: "ACTIVE" }, vendor.accessToken)).data.setBusinessStatus.status).toBe("ACTIVE");

    const category = await op("resources.graphql", "CreateResourceCategory", { businessId, name: "General practice" }, vendor.accessToken);
    const hours = [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: "08:00", closes: "18:00" }));
    const resource = await op(
      "resources.graphql",
      "CreateResource",
      { businessId, input: { name: "Dr. Sousa", type: "DOCTOR_SLOT", price: "60.00", currency: "EUR", priceUnit: "SLOT", slotMinutes: 30, openingHours: hours, categoryId: category.data.createResourceCategory.id } },
      vendor.accessToken,
    );
    const resourceId = resource.data.createResource.id;
    expect(resource.data.createResource).toMatchObject({ price: { amount: "60.00", currency: "EUR" }, slotMinutes: 30, category: { name: "General practice" }, business: { id: businessId, timezone: "Europe/Lisbon" } });
    expect((await op("resources.graphql", "UpdateResource", { id: resourceId, input: { description: "Walk-ins welcome" } }, vendor.accessToken)).data.updateResource.description).toBe("Walk-ins welcome");
    expect((await op("resources.graphql", "SetResourceStatus", { id: resourceId, status: "MAINTENANCE" }, vendor.accessToken)).data.setResourceStatus.status).toBe("MAINTENANCE");
    expect((await op("resources.graphql", "SetResourceStatus", { id: resourceId, status: "ACTIVE" }, vendor.accessToken)).data.setResourceStatus.status).toBe("ACTIVE");
    const block = await op("resources.graphql", "BlockResource", { resourceId, start: localTime("Europe/Lisbon", 10, "08:00"), end: localTime("Europe/Lisbon", 10, "12:00"), reason: "training" }, vendor.accessToken);
    expect((await op("resources.graphql", "UnblockResource", { blockId: block.data.blockResource.id }, vendor.accessToken)).data).toEqual({ unblockResource: true });
    expect((await op("resources.graphql", "Resource", { id: resourceId })).data.resource).toMatchObject({ id: resourceId, name: "Dr. Sousa" });
    expect((await op("resources.graphql", "Resources", { filter: { businessId }, first: 10 })).data.resources.totalCount).toBe(1);
    const windows = await op("resources.graphql", "Availability", { resourceId, from: localTime("Europe/Lisbon", 3, "08:00"), to: localTime("Europe/Lisbon", 3, "10:00") });
    expect(windows.data.resource.availability).toHaveLength(4);
    expect((await op("businesses.graphql", "Business", { id: businessId })).data.business).toMatchObject({ name: "Clinica Norte", categories: [{ name: "General practice" }], resources: { totalCount: 1 } });
    expect((await op("businesses.graphql", "Businesses", { filter: { city: "Porto" }, first: 10 })).data.businesses.totalCount).toBeGreaterThanOrEqual(1);

    const vendorSocket = openWebSocket(system.router.url, vendor.accessToken);
    const customerSocket = openWebSocket(system.router.url, customer.accessToken);
    await Promise.all([vendorSocket.connected, customerSocket.connected]);
    const contract = await readFile(new URL("../../schema/operations/bookings.graphql", import.meta.url), "utf8");
    const watching = collect(vendorSocket.client, contract, { businessId }, "BookingEvents");
    const mine = collect(customerSocket.client, contract, {}, "MyBookingEvents");
    ran.add("BookingEvents");
    ran.add("MyBookingEvents");
    await new Promise((resolve) => setTimeout(resolve, 200));

    const slot = (days: number, time: string) => ({ resourceId, startTime: localTime("Europe/Lisbon", days, time), endTime: localTime("Europe/Lisbon", days, time.replace(":00", ":30")) });
    const booking = await op("bookings.graphql", "CreateBooking", { input: { ...slot(4, "09:00"), idempotencyKey: "contract-1", notes: "first visit" } }, customer.accessToken);
    const bookingId = booking.data.createBooking.id;
    expect(booking.data.createBooking).toMatchObject({ status: "HOLD", units: 1, total: { amount: "60.00", currency: "EUR" }, contact: { email: customer.email }, resource: { id: resourceId }, customer: { id: customer.id } });
    expect((await op("bookings.graphql", "ConfirmBooking", { id: bookingId }, vendor.accessToken)).data.confirmBooking).toEqual({ id: bookingId, status: "CONFIRMED" });
    const read = await op("bookings.graphql", "Booking", { id: bookingId }, customer.accessToken);
    expect(read.data.booking).toMatchObject({ status: "CONFIRMED", resource: { business: { owner: { id: vendor.id } } }, payment: null, payments: [] });
    expect((await op("bookings.graphql", "MyBookings", { first: 10 }, customer.accessToken)).data.me.bookings.totalCount).toBe(1);
    expect((await op("bookings.graphql", "VendorBookings", { businessId, first: 10 }, vendor.accessToken)).data.business.bookings.edges[0].node.contact.email).toBe(customer.email);

    const second = await op("bookings.graphql", "CreateBooking", { input: { ...slot(4, "10:00"), idempotencyKey: "contract-2" } }, customer.accessToken);
    const cancelled = await op("bookings.graphql", "CancelBooking", { id: second.data.createBooking.id, reason: "changed plans" }, customer.accessToken);
    expect(cancelled.data.cancelBooking).toMatchObject({ status: "CANCELLED", cancelReason: "changed plans", cancelledBy: "CUSTOMER" });

    // Completing and no-shows come after the start: move two confirmed bookings into the past.
    const third = await op("bookings.graphql", "CreateBooking", { input: { ...slot(5, "11:00"), idempotencyKey: "contract-3" } }, customer.accessToken);
    await op("bookings.graphql", "ConfirmBooking", { id: third.data.createBooking.id }, vendor.accessToken);
    for (const [id, hoursAgo] of [[bookingId, 4], [third.data.createBooking.id, 2]] as const) {
      await system.subgraphs.bookings.db.$executeRawUnsafe(
        `UPDATE bookings SET start_time = now() - make_interval(hours => $2), end_time = now() - make_interval(hours => $2) + interval '30 minutes' WHERE id = $1::uuid`,
        id,
        hoursAgo,
      );
    }
    expect((await op("bookings.graphql", "CompleteBooking", { id: bookingId }, vendor.accessToken)).data.completeBooking.status).toBe("COMPLETED");
    expect((await op("bookings.graphql", "MarkNoShow", { id: third.data.createBooking.id }, vendor.accessToken)).data.markNoShow.status).toBe("NO_SHOW");

    await waitFor(() => watching.results.length >= 7 && mine.results.length >= 7, 3_000, "seven events on each subscription");
    const types = (results: { data?: any }[], field: string) => results.map((result) => result.data?.[field]?.type);
    expect(types(watching.results, "bookingEvents")).toEqual(["CREATED", "CONFIRMED", "CREATED", "CANCELLED", "CREATED", "CONFIRMED", "COMPLETED", "NO_SHOW"].slice(0, watching.results.length));
    expect(watching.results.length).toBeGreaterThanOrEqual(7);
    expect(mine.results.length).toBeGreaterThanOrEqual(7);
    await Promise.all([vendorSocket.client.dispose(), customerSocket.client.dispose()]);
  });

  it("payments.graphql: the customer pays a HOLD, the booking is confirmed, the owner refunds part of it", async () => {
    const room = await makeBookableResource(system, { price: "45.50", currency: "EUR" });
    const customer = await registerVerified("CUSTOMER");
    const hold = await book(system, customer.accessToken, { resourceId: room.resource.id, startTime: localTime("Europe/Lisbon", 12, "10:00"), endTime: localTime("Europe/Lisbon", 12, "12:00") });
    const created = await op("payments.graphql", "CreatePaymentIntent", { bookingId: hold.id, idempotencyKey: "contract-pay" }, customer.accessToken);
    const intent = created.data.createPaymentIntent;
    expect(intent).toMatchObject({
      status: "REQUIRES_PAYMENT_METHOD",
      provider: "test",
      failureReason: null,
      amount: { amount: "91.00", currency: "EUR" },
      refundedAmount: { amount: "0.00", currency: "EUR" },
      refunds: [],
      booking: { id: hold.id, status: "HOLD" },
    });
    expect(intent.providerPaymentId).toMatch(/^pi_test_/);
    expect(intent.clientSecret).toEqual(expect.any(String));

    const paid = await op("payments.graphql", "ConfirmPayment", { paymentId: intent.id, paymentMethod: "pm_card_visa" }, customer.accessToken);
    expect(paid.data.confirmPayment).toMatchObject({ id: intent.id, status: "SUCCEEDED", failureReason: null });
    await waitFor(async () => (await system.subgraphs.bookings.db.booking.findUnique({ where: { id: hold.id } }))?.status === "CONFIRMED", 10_000, "the payment to confirm the booking");

    const refunded = await op("payments.graphql", "RefundPayment", { paymentId: intent.id, amount: "11.00", reason: "late check-in", idempotencyKey: "contract-refund" }, room.vendor.accessToken);
    expect(refunded.data.refundPayment).toMatchObject({ status: "SUCCEEDED", reason: "late check-in", amount: { amount: "11.00", currency: "EUR" }, payment: { id: intent.id, refundedAmount: { amount: "11.00", currency: "EUR" } } });

    const seen = await op("payments.graphql", "Payment", { id: intent.id }, room.vendor.accessToken);
    expect(seen.data.payment).toMatchObject({
      status: "SUCCEEDED",
      refundedAmount: { amount: "11.00" },
      booking: { id: hold.id, status: "CONFIRMED", total: { amount: "91.00", currency: "EUR" } },
    });
    // 91.00 captured (9.10 commission), 11.00 refunded (1.10 of it commission): debits equal credits
    const entries = seen.data.payment.ledgerEntries as { account: string; type: string; amount: { amount: string } }[];
    const sum = (type: string) => entries.filter((entry) => entry.type === type).reduce((total, entry) => total + Math.round(Number(entry.amount.amount) * 100), 0);
    expect(entries).toHaveLength(6);
    expect(sum("DEBIT")).toBe(sum("CREDIT"));
    expect(entries).toEqual(expect.arrayContaining([{ account: "COMMISSION", type: "CREDIT", amount: { amount: "9.10", currency: "EUR" } }, { account: "COMMISSION", type: "DEBIT", amount: { amount: "1.10", currency: "EUR" } }]));
  });

  it("waitlist.graphql: a customer waits for a full room, is offered it when it frees up, and leaves", async () => {
    const room = await makeBookableResource(system, { capacity: 1 });
    const [holder, customer] = [await registerVerified("CUSTOMER"), await registerVerified("CUSTOMER")];
    const range = { startTime: localTime("Europe/Lisbon", 14, "10:00"), endTime: localTime("Europe/Lisbon", 14, "11:00") };
    const taken = await book(system, holder.accessToken, { resourceId: room.resource.id, ...range });
    const joined = await op("waitlist.graphql", "JoinWaitlist", { input: { resourceId: room.resource.id, ...range, idempotencyKey: "contract-wait" } }, customer.accessToken);
    const entry = joined.data.joinWaitlist;
    expect(entry).toMatchObject({ status: "WAITING", position: 1, quantity: 1, startTime: range.startTime, endTime: range.endTime, resource: { id: room.resource.id, name: room.resource.name }, booking: null });
    await op("bookings.graphql", "CancelBooking", { id: taken.id, reason: null }, holder.accessToken);
    const mine = await op("waitlist.graphql", "MyWaitlist", { status: "OFFERED" }, customer.accessToken);
    expect(mine.data.me.waitlist).toMatchObject([{ id: entry.id, status: "OFFERED", position: null, booking: { status: "HOLD", total: { amount: "40.00", currency: "EUR" } } }]);
    const left = await op("waitlist.graphql", "LeaveWaitlist", { id: entry.id }, customer.accessToken);
    expect(left.data.leaveWaitlist).toMatchObject({ id: entry.id, status: "CANCELLED", booking: { status: "CANCELLED" } });
  });

  it("ran every operation of schema/operations", async () => {
    expect([...ran].sort()).toEqual((await operationNames()).sort());
  });
});
