import { demoDataWanted } from "@booking/common";
import { DEMO_ACCOUNTS, DEMO_BUSINESSES, DEMO_PASSWORD } from "@booking/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../../scripts/dist/demo-data.js";
import { signIn } from "../support/accounts.js";
import { UPDATE_BUSINESS, ok } from "../support/catalog.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { waitFor } from "../support/wait.js";

let system: TestSupergraph;
let seeded: Awaited<ReturnType<typeof seedDemoData>>;

beforeAll(async () => {
  system = await startTestSupergraph();
  seeded = await seedDemoData({
    users: system.subgraphs.users.databaseUrl,
    businesses: system.subgraphs.businesses.databaseUrl,
    resources: system.subgraphs.resources.databaseUrl,
  });
});
afterAll(async () => system?.stop());

const BUSINESSES = `{ businesses(first: 10) { totalCount edges { node { id type timezone status isVerified owner { username } categories { name } } } } }`;
const RESOURCES = `query($id: ID!) {
  resources(filter: { businessId: $id }, first: 20) {
    edges { node { name type priceUnit capacity slotMinutes price { amount currency } openingHours { dayOfWeek opens closes } category { name } } }
  }
}`;

describe("the demo data set", () => {
  it("loads accounts, four businesses in four time zones and their catalogs into empty databases", async () => {
    expect(seeded).toEqual({ users: 6, businesses: 4, resources: 10 });
    const { businesses } = ok(await system.request(BUSINESSES));
    expect(businesses.totalCount).toBe(4);
    const byType: Record<string, any> = {};
    for (const { node } of businesses.edges) {
      byType[node.type] = { ...node, resources: ok(await system.request(RESOURCES, { id: node.id })).resources };
    }
    expect(Object.values(byType).map((business: any) => business.timezone).sort()).toEqual(["America/New_York", "Asia/Tokyo", "Australia/Sydney", "Europe/Lisbon"]);
    for (const business of Object.values(byType) as any[]) expect(business).toMatchObject({ status: "ACTIVE", isVerified: true });

    const units = (type: string) => byType[type].resources.edges.map((edge: any) => edge.node);
    expect(units("HOTEL").every((room: any) => room.priceUnit === "NIGHT" && room.type === "HOTEL_ROOM")).toBe(true);
    expect(units("HOTEL")[0]).toMatchObject({ price: { amount: "120.00", currency: "EUR" }, category: { name: "Rooms" }, openingHours: [] });
    expect(units("CLINIC").every((doctor: any) => doctor.priceUnit === "SLOT" && doctor.slotMinutes === 30 && doctor.openingHours.length > 0)).toBe(true);
    expect(units("SALON").every((chair: any) => chair.priceUnit === "HOUR" && chair.price.currency === "JPY")).toBe(true);
    expect(units("SALON")[0].price).toEqual({ amount: "6000", currency: "JPY" });
    expect(units("CO_WORKING").find((desk: any) => desk.type === "DESK")).toMatchObject({ capacity: 20, priceUnit: "DAY" });
    expect(byType.CLINIC.owner.username).toBe(DEMO_ACCOUNTS.clinicOwner.username);
    expect(byType.HOTEL.categories.map((category: any) => category.name)).toEqual(["Rooms", "Suites"]);
  });

  it("signs every demo account in with the documented password, each vendor owning its business", async () => {
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const session = await signIn(system, account.email, DEMO_PASSWORD);
      const me = ok(await system.request(`{ me { id role status emailVerified business { id } } }`, {}, { token: session.accessToken })).me;
      expect(me).toMatchObject({ id: account.id, role: account.role, status: "ACTIVE", emailVerified: true });
      const owned = Object.values(DEMO_BUSINESSES).find((business) => business.ownerId === account.id);
      expect(me.business?.id ?? null).toBe(owned?.id ?? null);
    }
  });

  it("lets a demo vendor change its business, the change reaching the resources replica", async () => {
    const owner = await signIn(system, DEMO_ACCOUNTS.salonOwner.email, DEMO_PASSWORD);
    ok(await system.request(UPDATE_BUSINESS, { id: DEMO_BUSINESSES.salon.id, input: { city: "Osaka" } }, { token: owner.accessToken }));
    await waitFor(async () => {
      const result = ok(await system.request(`{ resources(filter: { city: "Osaka" }) { totalCount } }`));
      return result.resources.totalCount === 3;
    });
  });

  it("leaves databases that are not empty as they are", async () => {
    const again = await seedDemoData({
      users: system.subgraphs.users.databaseUrl,
      businesses: system.subgraphs.businesses.databaseUrl,
      resources: system.subgraphs.resources.databaseUrl,
    });
    expect(again).toEqual({ users: 0, businesses: 0, resources: 0 });
    expect(await system.subgraphs.resources.db.resource.count()).toBe(10);
  });
});

describe("SEED_DEMO", () => {
  it("defaults to true in development only, and refuses values that are not booleans", () => {
    expect(demoDataWanted({})).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "development" })).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "production" })).toBe(false);
    expect(demoDataWanted({ NODE_ENV: "test" })).toBe(false);
    expect(demoDataWanted({ NODE_ENV: "production", SEED_DEMO: "true" })).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "development", SEED_DEMO: "0" })).toBe(false);
    expect(() => demoDataWanted({ SEED_DEMO: "yes please" })).toThrow(/SEED_DEMO/);
  });
});
