import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertConsumerName, EventInboxRepository, handleDelivery, publishEvent, type EventConsumer, type EventEnvelope, type PrismaStyleExecutor } from "../src/index.js";
import { inTransaction, makeTestService, type TestService } from "./support/service.js";

// The consumer's rules without an engine: deliveries are handed over directly, as a transport would.
describe("an idempotent consumer", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await makeTestService();
  });
  afterAll(() => service.close());

  const anEvent = (type = "thing.happened"): EventEnvelope => ({ id: crypto.randomUUID(), type, source: "test", occurredAt: new Date().toISOString(), payload: { n: 1 } });

  it("applies two concurrent deliveries of one event once: the second waits for the first and finds it processed", async () => {
    const consumer = service.consumer("concurrent", ["thing.happened"], () => new Promise((resolve) => setTimeout(resolve, 100)));
    const event = anEvent();

    const outcomes = await Promise.all([1, 2].map(() => handleDelivery(consumer, { event, attempt: 1, maxAttempts: 3 })));

    expect(outcomes.sort()).toEqual(["duplicate", "handled"]);
    expect(await service.effects("concurrent")).toEqual([event.id]);
  });

  it("rolls the processed mark back with the effects when the handler fails before its last attempt, and says so", async () => {
    const consumer = service.consumer("failing", ["thing.happened"], () => {
      throw new Error("downstream refused");
    });
    const event = anEvent();

    await expect(handleDelivery(consumer, { event, attempt: 1, maxAttempts: 3 })).rejects.toThrow("downstream refused");

    expect(await service.count("SELECT 1 FROM events.processed_event WHERE event_id = $1", [event.id])).toBe(0);
    expect(await service.count("SELECT 1 FROM events.dead_letter_event WHERE event_id = $1", [event.id])).toBe(0);
  });

  it("dead-letters on the last attempt, whole and with the error, and skips any later copy", async () => {
    let calls = 0;
    const consumer = service.consumer("giving-up", ["thing.happened"], () => {
      calls += 1;
      throw new Error("still refused");
    });
    const event = { ...anEvent(), requestId: "req-1" };

    expect(await handleDelivery(consumer, { event, attempt: 3, maxAttempts: 3 })).toBe("dead-lettered");
    expect(await handleDelivery(consumer, { event, attempt: 1, maxAttempts: 3 })).toBe("duplicate");

    const { rows } = await service.pool.query("SELECT * FROM events.dead_letter_event WHERE event_id = $1", [event.id]);
    expect(rows).toMatchObject([{ consumer: "giving-up", type: event.type, source: "test", request_id: "req-1", payload: { n: 1 }, attempts: 3 }]);
    expect(rows[0].error).toContain("still refused");
    expect(calls).toBe(1);
  });

  it("works through a Prisma-style executor ($executeRawUnsafe) as through a pg client", async () => {
    // A stand-in for a service's unit of work on Prisma: repositories bound to a transaction's client, which has only $executeRawUnsafe.
    const prismaLike = <T>(work: (tx: PrismaStyleExecutor) => Promise<T>) =>
      inTransaction(service.pool)((client) => work({ $executeRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rowCount ?? 0 }));
    const event = anEvent();
    let seen: EventEnvelope | null = null;
    const consumer: EventConsumer<{ inbox: EventInboxRepository; tx: PrismaStyleExecutor }> = {
      name: "prisma-style",
      eventTypes: ["thing.happened"],
      transaction: (work) => prismaLike((tx) => work({ inbox: new EventInboxRepository(tx), tx })),
      async handle(received, { tx }) {
        seen = received;
        await publishEvent(tx, { type: "thing.followed", source: "test", payload: { after: received.id } });
      },
    };

    expect(await handleDelivery(consumer, { event, attempt: 1, maxAttempts: 3 })).toBe("handled");
    expect(await handleDelivery(consumer, { event, attempt: 2, maxAttempts: 3 })).toBe("duplicate");

    expect(seen).toEqual(event);
    expect(await service.count("SELECT 1 FROM events.event_outbox WHERE type = 'thing.followed' AND payload->>'after' = $1", [event.id])).toBe(1);
  });

  it("refuses event types and consumer names that an engine could not carry", async () => {
    await expect(inTransaction(service.pool)((tx) => publishEvent(tx, { type: "Payment Succeeded", source: "test", payload: {} }))).rejects.toThrow(/dotted lowercase/);
    await expect(inTransaction(service.pool)((tx) => publishEvent(tx, { type: "payment..succeeded", source: "test", payload: {} }))).rejects.toThrow(/dotted lowercase/);
    expect(() => assertConsumerName("bookings.confirm")).toThrow(/consumer name/);
    expect(() => assertConsumerName("bookings__confirm")).toThrow(/consumer name/);
    expect(() => assertConsumerName("bookings-confirm-paid")).not.toThrow();
  });
});
