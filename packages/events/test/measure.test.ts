import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createEventBackbone, publishEvent } from "../src/index.js";
import { inTransaction, makeTestService } from "./support/service.js";
import { jetStreamCase, pgBossCase } from "./support/transports.js";
import { waitFor } from "../../../test/support/wait.js";

// Numbers, not checks: EVENTS_MEASURE=1 npx vitest run packages/events/test/measure.test.ts
const measuring = process.env.EVENTS_MEASURE === "1";
if (!measuring) console.log("event backbone measurements skipped: set EVENTS_MEASURE=1 to take them");

const transports = measuring ? [pgBossCase(), await jetStreamCase()] : [pgBossCase()];
afterAll(() => Promise.all(transports.map((transport) => transport.cleanup())));

describe.each(transports)("measure the backbone over $kind", (transport) => {
  it.skipIf(!measuring || transport.skipReason !== null)("latency from commit to handler, and 1,000 events through relay and one consumer", { timeout: 300_000 }, async () => {
    const service = await makeTestService();
    const backbone = createEventBackbone({ ...(await transport.backboneOptions()), pollIntervalMs: 2_000 });
    await backbone.start();
    try {
      const tag = randomBytes(4).toString("hex");
      const type = `m${tag}.measured`;
      const handledAt = new Map<string, number>();
      const consumer = service.consumer(`m-${tag}`, [type]);
      await backbone.consume({ ...consumer, handle: async (event, tx) => (await consumer.handle(event, tx), void handledAt.set(event.id, performance.now())) });
      await backbone.startRelay({ databaseUrl: service.databaseUrl });

      // One event at a time: commit, then wait for its handler (NOTIFY wakes relay and worker).
      const latencies: number[] = [];
      for (let sample = 0; sample < 30; sample += 1) {
        const committedAt = performance.now();
        const event = await service.publish(type);
        await waitFor(async () => handledAt.get(event.id), 10_000, "one event");
        latencies.push(handledAt.get(event.id)! - committedAt);
      }
      latencies.sort((a, b) => a - b);
      const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);

      // 1,000 events committed in one transaction; time until the relay published all, and until the consumer applied all.
      handledAt.clear();
      const start = performance.now();
      await inTransaction(service.pool)(async (tx) => {
        for (let index = 0; index < 1_000; index += 1) await publishEvent(tx, { type, source: "measure", payload: { index } });
      });
      const committed = performance.now();
      await waitFor(async () => (await service.count("SELECT 1 FROM events.event_outbox WHERE published_at IS NULL")) === 0, 120_000, "the relay");
      const published = performance.now();
      await waitFor(async () => handledAt.size === 1_000, 240_000, "the consumer");
      const applied = performance.now();

      console.log(
        `[${transport.kind}] commit -> handler over 30 single events: p50 ${percentile(50)} ms, p95 ${percentile(95)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; ` +
          `1,000 events: commit ${(committed - start).toFixed(0)} ms, relay published all after ${(published - committed).toFixed(0)} ms ` +
          `(${(1_000_000 / (published - committed)).toFixed(0)}/s), consumer applied all after ${(applied - committed).toFixed(0)} ms (${(1_000_000 / (applied - committed)).toFixed(0)}/s)`,
      );
      expect(await service.effects(`m-${tag}`)).toHaveLength(1_030);
    } finally {
      await backbone.stop();
      await service.close();
    }
  });
});
