import { callInternal, signRequest } from "@booking/common";
import { RESOURCE_FACTS_PATH, type ResourceFacts } from "@booking/contracts";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_INTERNAL_SECRET, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";

type ResourcesDb = Awaited<ReturnType<typeof resourcesSubgraph.connect>>;

let subgraph: TestSubgraph<ResourcesDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(resourcesSubgraph);
});
afterAll(async () => subgraph?.stop());

function facts(resourceId: unknown) {
  return callInternal<ResourceFacts>(subgraph.url, RESOURCE_FACTS_PATH, { resourceId }, { audience: "resources", internalSecret: TEST_INTERNAL_SECRET });
}

describe("POST /internal/resource-facts", () => {
  it("answers a resource and its business with exactly the agreed fields, price as a 2-decimal string", async () => {
    const business = await subgraph.db.business.create({
      data: { id: randomUUID(), ownerId: randomUUID(), name: "Clinic", type: "CLINIC", city: "Lisbon", timezone: "Europe/Lisbon", status: "PENDING" },
    });
    const resource = await subgraph.db.resource.create({
      data: {
        businessId: business.id,
        name: "Dr. Silva",
        type: "DOCTOR_SLOT",
        price: "150",
        currency: "EUR",
        priceUnit: "SLOT",
        slotMinutes: 30,
        capacity: 1,
        openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "12:00" }],
        freeCancellationHours: 12,
        status: "MAINTENANCE",
        metadata: { room: 4 },
      },
    });
    const answer = await facts(resource.id.toUpperCase());
    expect(answer).toStrictEqual({
      resource: {
        id: resource.id,
        businessId: business.id,
        name: "Dr. Silva",
        type: "DOCTOR_SLOT",
        status: "MAINTENANCE",
        price: "150.00",
        currency: "EUR",
        priceUnit: "SLOT",
        capacity: 1,
        slotMinutes: 30,
        openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "12:00" }],
        freeCancellationHours: 12,
      },
      business: { id: business.id, ownerId: business.ownerId, name: "Clinic", status: "PENDING", timezone: "Europe/Lisbon" },
    });
  });

  it("gives slotMinutes null and keeps cents exact", async () => {
    const business = await subgraph.db.business.create({
      data: { id: randomUUID(), ownerId: randomUUID(), name: "Hotel", type: "HOTEL", timezone: "UTC", status: "ACTIVE" },
    });
    const resource = await subgraph.db.resource.create({ data: { businessId: business.id, name: "Room", type: "HOTEL_ROOM", price: "0.1", priceUnit: "NIGHT" } });
    const answer = await facts(resource.id);
    expect(answer?.resource).toMatchObject({ price: "0.10", currency: "USD", slotMinutes: null, openingHours: [], capacity: 1, freeCancellationHours: 24, status: "ACTIVE" });
  });

  it("answers 404 (null) for unknown and malformed ids", async () => {
    for (const resourceId of [randomUUID(), "not-a-uuid", "", 42, null]) {
      expect(await facts(resourceId)).toBeNull();
    }
  });

  it("refuses unsigned and wrongly signed calls", async () => {
    const url = new URL(RESOURCE_FACTS_PATH, subgraph.url);
    const body = JSON.stringify({ resourceId: randomUUID() });
    const unsigned = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);
    const forged = signRequest("another-secret-0123456789abcdef0123456789", { audience: "resources", method: "POST", url }, body, { viewer: null, clientIp: null });
    const wrong = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...forged }, body });
    expect(wrong.status).toBe(401);
  });
});
