import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type SignedIn } from "../support/accounts.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { collect, openWebSocket } from "../support/websocket.js";
import { waitFor } from "../support/wait.js";
import { subscriptionCodeOf } from "../support/errors.js";

let system: TestSupergraph;
let vendor: SignedIn;
let otherVendor: SignedIn;
let businessId: string;

beforeAll(async () => {
  system = await startTestSupergraph({ routerEnv: { SUBSCRIPTION_RECHECK_MS: "200" } });
  vendor = await signUp(system, { role: "VENDOR" });
  otherVendor = await signUp(system, { role: "VENDOR" });
  const business = await system.subgraphs.businesses.db.business.create({
    data: { ownerId: vendor.id, name: "Salon Uno", type: "SALON", timezone: "Europe/Rome", status: "ACTIVE", isVerified: true },
  });
  businessId = business.id;
});
afterAll(async () => system?.stop());

const WATCH = `subscription($businessId: ID!) { bookingEvents(businessId: $businessId) { type at booking { id status } } }`;

describe("subscriptions over WebSocket: who may connect and subscribe", () => {
  it("closes a connection whose token is forged with 4401", async () => {
    const session = openWebSocket(system.router.url, `${vendor.accessToken}x`);
    expect(await session.closed).toBe(4401);
  });

  it("closes a suspended user's connection with 4403, at connect and while it is open", async () => {
    const admin = await signUpAdmin(system);
    const victim = await signUp(system);
    const open = openWebSocket(system.router.url, victim.accessToken);
    await open.connected;
    await system.request(`mutation($id: ID!) { setUserStatus(id: $id, status: SUSPENDED) { id } }`, { id: victim.id }, { token: admin.accessToken });
    expect(await open.closed).toBe(4403);
    const again = openWebSocket(system.router.url, victim.accessToken);
    expect(await again.closed).toBe(4403);
  });

  it("refuses anonymous subscribers, strangers to the business, and unknown businesses", async () => {
    const anonymous = openWebSocket(system.router.url);
    await anonymous.connected;
    const asAnonymous = collect(anonymous.client, WATCH, { businessId });
    await asAnonymous.done;
    expect(subscriptionCodeOf(asAnonymous)).toBe("UNAUTHENTICATED");

    const stranger = openWebSocket(system.router.url, otherVendor.accessToken);
    const forbidden = collect(stranger.client, WATCH, { businessId });
    await forbidden.done;
    expect(subscriptionCodeOf(forbidden)).toBe("FORBIDDEN");
    const unknown = collect(stranger.client, WATCH, { businessId: "6f1c1b8e-0000-4000-8000-000000000000" });
    await unknown.done;
    expect(subscriptionCodeOf(unknown)).toBe("NOT_FOUND");
    await Promise.all([anonymous.client.dispose(), stranger.client.dispose()]);
  });

  it("rejects queries and invalid documents over WebSocket with BAD_USER_INPUT", async () => {
    const session = openWebSocket(system.router.url, vendor.accessToken);
    const query = collect(session.client, `{ me { id } }`);
    await query.done;
    expect(subscriptionCodeOf(query)).toBe("BAD_USER_INPUT");
    const invalid = collect(session.client, `subscription { bookingEvents { type } }`);
    await invalid.done;
    expect(subscriptionCodeOf(invalid)).toBe("BAD_USER_INPUT");
    await session.client.dispose();
  });

  it("lets the owner subscribe, and forgets the subscription when the client leaves", async () => {
    const before = system.router.activeSubscriptions();
    const sessions = Array.from({ length: 5 }, () => openWebSocket(system.router.url, vendor.accessToken));
    await Promise.all(sessions.map((session) => session.connected));
    const watching = sessions.map((session) => collect(session.client, WATCH, { businessId }));
    await waitFor(() => system.router.activeSubscriptions() >= before + 5, 3_000, "five subscriptions");
    expect(system.router.activeSubscriptions()).toBe(before + 5);
    expect(watching.every((subscription) => subscription.error === null)).toBe(true);
    await Promise.all(sessions.map((session) => session.client.dispose()));
    await waitFor(() => system.router.activeSubscriptions() <= before, 3_000, "the subscriptions to end");
    expect(system.router.activeSubscriptions()).toBe(before);
  });

  it("refuses oversized documents and too many subscriptions on one connection", async () => {
    const session = openWebSocket(system.router.url, vendor.accessToken);
    await session.connected;
    const huge = collect(session.client, `subscription { myBookingEvents { ${Array.from({ length: 3500 }, () => "type").join(" ")} } }`);
    await huge.done;
    expect(subscriptionCodeOf(huge)).toBe("QUERY_TOO_COMPLEX");
    const many = Array.from({ length: 21 }, () => collect(session.client, `subscription { myBookingEvents { type } }`));
    await many[20]!.done;
    expect(subscriptionCodeOf(many[20]!)).toBe("RATE_LIMITED");
    await session.client.dispose();
  });
});
