import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createEventBackbone, handleDelivery, publishEvent, type EventBackbone, type EventConsumer, type OutboxRelayOptions } from "../src/index.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { jetStreamCase, pgBossCase, TEST_RETRY, type TransportCase } from "./support/transports.js";
import { inTransaction, makeTestService } from "./support/service.js";
import { waitFor } from "../../../test/support/wait.js";

const transports = [pgBossCase(), await jetStreamCase()];
afterAll(() => Promise.all(transports.map((transport) => transport.cleanup())));

/** Relay settings that make a test wait milliseconds, not seconds. */
const FAST_RELAY = { pollIntervalMs: 100, publishRetry: { initialDelayMs: 100, maxDelayMs: 400 }, publishTimeoutMs: 2_000 } satisfies Partial<OutboxRelayOptions>;

describe.each(transports)("the event backbone over $kind", (transport: TransportCase) => {
  const running: { stop(): Promise<void> }[] = [];
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((item) => item.stop()));
    await Promise.all(closing.splice(0).map((item) => item.close()));
  });

  /** Names no other test (or run) uses: event types and consumers are global to the engine. */
  const unique = () => randomBytes(4).toString("hex");

  async function setUp(options: { relay?: Partial<OutboxRelayOptions>; via?: TcpProxy } = {}) {
    const errors: unknown[] = [];
    const service = await makeTestService();
    closing.push(service);
    const via = options.via ? { host: "127.0.0.1", port: options.via.port } : undefined;
    const backbone = createEventBackbone(await transport.backboneOptions(via, (error) => errors.push(error)));
    running.push(backbone);
    await backbone.start();
    const startRelay = () => backbone.startRelay({ databaseUrl: service.databaseUrl, ...FAST_RELAY, ...options.relay, onError: (error) => errors.push(error) });
    return { service, backbone, errors, startRelay };
  }

  it.skipIf(transport.skipReason !== null)("delivers a committed event once to each consumer of its type, and to no other", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const [paid, other] = [`t${tag}.paid`, `t${tag}.other`];
    const calls: string[] = [];
    for (const name of [`a-${tag}`, `b-${tag}`]) await backbone.consume(service.consumer(name, [paid], () => void calls.push(name)));
    await backbone.consume(service.consumer(`c-${tag}`, [other]));
    await startRelay();

    const event = await service.publish(paid, { amount: "12.50" });
    const marker = await service.publish(paid);
    await waitFor(async () => (await service.effects(`a-${tag}`)).length === 2 && (await service.effects(`b-${tag}`)).length === 2, 10_000, "both consumers");

    expect(await service.effects(`a-${tag}`)).toEqual(expect.arrayContaining([event.id, marker.id]));
    expect(await service.effects(`b-${tag}`)).toEqual(expect.arrayContaining([event.id, marker.id]));
    expect(calls.sort()).toEqual([`a-${tag}`, `a-${tag}`, `b-${tag}`, `b-${tag}`]);
    expect(await service.effects(`c-${tag}`)).toEqual([]);
  });

  it.skipIf(transport.skipReason !== null)("never publishes an event whose transaction rolled back", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const type = `t${tag}.changed`;
    await backbone.consume(service.consumer(`a-${tag}`, [type]));
    await startRelay();

    const rolledBack = await service.publish(type, {}, { rollback: true });
    const committed = await service.publish(type);
    await waitFor(async () => (await service.effects(`a-${tag}`)).includes(committed.id), 10_000, "the committed event");

    expect(await service.effects(`a-${tag}`)).toEqual([committed.id]);
    expect(await service.count("SELECT 1 FROM events.event_outbox WHERE id = $1", [rolledBack.id])).toBe(0);
  });

  it.skipIf(transport.skipReason !== null)("retries a consumer that throws, after a backoff, until it succeeds", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const type = `t${tag}.flaky`;
    const attemptsAt: number[] = [];
    await backbone.consume(
      service.consumer(`a-${tag}`, [type], () => {
        attemptsAt.push(Date.now());
        if (attemptsAt.length < TEST_RETRY.maxAttempts) throw new Error(`not yet (${attemptsAt.length})`);
      }),
    );
    await startRelay();

    const event = await service.publish(type);
    await waitFor(async () => (await service.effects(`a-${tag}`)).length > 0, 15_000, "the third attempt");

    expect(attemptsAt).toHaveLength(TEST_RETRY.maxAttempts);
    const waits = attemptsAt.slice(1).map((at, index) => at - attemptsAt[index]!);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(TEST_RETRY.initialDelayMs * 0.9);
    expect(await service.effects(`a-${tag}`)).toEqual([event.id]);
    expect(await service.count("SELECT 1 FROM events.dead_letter_event")).toBe(0);
  });

  it.skipIf(transport.skipReason !== null)("records an event in the consumer's dead letters after the last failed attempt, and delivers it no more", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const type = `t${tag}.poison`;
    let calls = 0;
    await backbone.consume(
      service.consumer(`a-${tag}`, [type], (event) => {
        calls += 1;
        throw new Error(`cannot apply ${event.id}`);
      }),
    );
    await startRelay();

    const event = await service.publish(type, { bookingId: "b-1" });
    const letter = await waitFor(
      async () => (await service.pool.query("SELECT * FROM events.dead_letter_event WHERE consumer = $1", [`a-${tag}`])).rows[0],
      15_000,
      "the dead letter",
    );

    expect(letter).toMatchObject({ event_id: event.id, type, source: "test", attempts: TEST_RETRY.maxAttempts, payload: { bookingId: "b-1" } });
    expect(letter.error).toContain(`cannot apply ${event.id}`);
    expect(calls).toBe(TEST_RETRY.maxAttempts);
    // Longer than the largest backoff plus a poll: a redelivery would have come by now.
    await sleep(TEST_RETRY.maxDelayMs + 600);
    expect(calls).toBe(TEST_RETRY.maxAttempts);
    expect(await service.effects(`a-${tag}`)).toEqual([]);
  });

  it.skipIf(transport.skipReason !== null)("applies an event once when it is published twice (the engine drops the repeated id)", async () => {
    const { service, backbone } = await setUp();
    const tag = unique();
    const type = `t${tag}.twice`;
    await backbone.consume(service.consumer(`a-${tag}`, [type]));
    const event = { id: crypto.randomUUID(), type, source: "test", occurredAt: new Date().toISOString(), payload: {} };
    const marker = { ...event, id: crypto.randomUUID() };

    await backbone.transport.publish(event);
    await backbone.transport.publish(event);
    await backbone.transport.publish(marker);
    await waitFor(async () => (await service.effects(`a-${tag}`)).includes(marker.id), 10_000, "the marker");

    expect((await service.effects(`a-${tag}`)).filter((id) => id === event.id)).toHaveLength(1);
  });

  it.skipIf(transport.skipReason !== null)("applies an event once when the consumer dies after committing its effects but before the ack", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const type = `t${tag}.crash`;
    let handled = 0;
    const consumer = service.consumer(`a-${tag}`, [type], () => void (handled += 1));
    let crashed = false;
    const crashingOnce: EventConsumer<Parameters<typeof consumer.handle>[1]> = {
      ...consumer,
      async transaction(work) {
        const result = await consumer.transaction(work);
        if (!crashed) {
          crashed = true;
          throw new Error("the process died before acknowledging");
        }
        return result;
      },
    };
    const deliveries: number[] = [];
    await backbone.transport.subscribe(crashingOnce.name, crashingOnce.eventTypes, async (delivery) => {
      deliveries.push(delivery.attempt);
      await handleDelivery(crashingOnce, delivery);
    });
    await startRelay();

    const event = await service.publish(type);
    await waitFor(async () => deliveries.length >= 2, 10_000, "the redelivery");
    await waitFor(async () => (await service.count("SELECT 1 FROM events.processed_event WHERE event_id = $1", [event.id])) === 1, 5_000, "processed");

    expect(handled).toBe(1);
    expect(await service.effects(`a-${tag}`)).toEqual([event.id]);
    expect(await service.count("SELECT 1 FROM events.dead_letter_event")).toBe(0);
  });

  it.skipIf(transport.skipReason !== null)("drains a backlog of 300 events in a few seconds, not a poll per event", async () => {
    const { service, backbone, startRelay } = await setUp();
    const tag = unique();
    const type = `t${tag}.backlog`;
    await startRelay();
    await backbone.consume(service.consumer(`a-${tag}`, [type]));
    await inTransaction(service.pool)(async (tx) => {
      for (let index = 0; index < 300; index += 1) await publishEvent(tx, { type, source: "test", payload: { index } });
    });

    await waitFor(async () => (await service.effects(`a-${tag}`)).length === 300, 8_000, "300 events");
  });

  it.skipIf(transport.skipReason !== null)("keeps outbox rows while the transport is unreachable, and delivers them once it is back", async () => {
    const proxy = await startTcpProxy(await transport.address());
    closing.push(proxy);
    const { service, backbone, startRelay } = await setUp({ via: proxy });
    const tag = unique();
    const type = `t${tag}.outage`;
    await backbone.consume(service.consumer(`a-${tag}`, [type]));
    await startRelay();

    proxy.cut();
    const event = await service.publish(type);
    const row = await waitFor(
      async () => (await service.pool.query("SELECT attempts, published_at, last_error FROM events.event_outbox WHERE id = $1 AND attempts >= 2", [event.id])).rows[0],
      15_000,
      "two failed publish attempts",
    );
    expect(row.published_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    expect(await service.effects(`a-${tag}`)).toEqual([]);

    proxy.restore();
    await waitFor(async () => (await service.effects(`a-${tag}`)).includes(event.id), 20_000, "delivery after the outage");
    expect(await service.count("SELECT 1 FROM events.event_outbox WHERE id = $1 AND published_at IS NOT NULL", [event.id])).toBe(1);
  });

  it.skipIf(transport.skipReason !== null)("prunes published outbox rows and processed ids after their retention", async () => {
    const { service, backbone, startRelay } = await setUp({ relay: { publishedRetentionMs: 500, processedRetentionMs: 1_000 } });
    const tag = unique();
    const type = `t${tag}.pruned`;
    await backbone.consume(service.consumer(`a-${tag}`, [type]));
    await startRelay();

    const event = await service.publish(type);
    await waitFor(async () => (await service.effects(`a-${tag}`)).includes(event.id), 10_000, "delivery");
    expect(await service.count("SELECT 1 FROM events.event_outbox WHERE id = $1 AND published_at IS NOT NULL", [event.id])).toBe(1);
    await waitFor(async () => (await service.count("SELECT 1 FROM events.event_outbox")) === 0, 5_000, "the outbox pruned");
    await waitFor(async () => (await service.count("SELECT 1 FROM events.processed_event")) === 0, 5_000, "processed ids pruned");
  });

  it.skipIf(transport.skipReason !== null)("stops after the delivery in progress, and leaves nothing running", async () => {
    const service = await makeTestService();
    closing.push(service);
    const before = activeHandles();
    const backbone: EventBackbone = createEventBackbone(await transport.backboneOptions());
    await backbone.start();
    const tag = unique();
    const type = `t${tag}.slow`;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    await backbone.consume(
      service.consumer(`a-${tag}`, [type], async () => {
        started = true;
        await released;
      }),
    );
    await backbone.startRelay({ databaseUrl: service.databaseUrl, ...FAST_RELAY });
    const event = await service.publish(type);
    await waitFor(async () => started, 10_000, "the handler to start");

    let stopped = false;
    const stopping = backbone.stop().then(() => (stopped = true));
    await sleep(300);
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(await service.effects(`a-${tag}`)).toEqual([event.id]);
    await waitFor(async () => sameHandles(activeHandles(), before), 5_000, `no handles left (before: ${before.join()}; now: ${activeHandles().join()})`);
  });
});

/** Sockets, timers and the like that keep the process alive. */
function activeHandles(): string[] {
  return process.getActiveResourcesInfo().filter((kind) => kind !== "TTYWrap" && kind !== "FSReqCallback").sort();
}

/** True when `now` holds no more of any kind than `before` did. */
function sameHandles(now: string[], before: string[]): boolean {
  const count = (list: string[], kind: string) => list.filter((item) => item === kind).length;
  return now.every((kind) => count(now, kind) <= count(before, kind));
}
