import { startTracing } from "@booking/common";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

/** OpenTelemetry: one request through the router is one trace, from the router through the subgraphs to their SQL. */

const exporter = new InMemorySpanExporter();
let tracing: { stop(): Promise<void> };
let system: TestSupergraph;

beforeAll(async () => {
  tracing = await startTracing({ service: "booking-test", exporter });
  system = await startTestSupergraph();
}, 60_000);
afterAll(async () => {
  await system?.stop();
  await tracing?.stop();
});

describe("tracing", () => {
  it("puts the router's spans, each subgraph's and their Prisma queries in one trace", async () => {
    exporter.reset();
    const result = await system.request(`query Traced { businesses(first: 1) { totalCount } resources(first: 1) { totalCount } }`);
    expect(result.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const router = spans.find((span) => span.name === "router POST /graphql");
    expect(router, spans.map((span) => span.name).join(", ")).toBeDefined();
    const traceId = router!.spanContext().traceId;
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);
    expect(inTrace).toEqual(expect.arrayContaining(["businesses fetch", "resources fetch", "businesses POST /graphql", "resources POST /graphql"]));
    expect(inTrace.some((name) => name.startsWith("prisma:"))).toBe(true);
    // The subgraph's server span hangs under the router's fetch span: one tree, not two traces.
    const fetch = spans.find((span) => span.name === "businesses fetch" && span.spanContext().traceId === traceId)!;
    const server = spans.find((span) => span.name === "businesses POST /graphql" && span.spanContext().traceId === traceId)!;
    expect(server.parentSpanContext?.spanId).toBe(fetch.spanContext().spanId);
  });
});
