import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { RequestHandler } from "express";

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. http://collector:4318. */
  otlpEndpoint?: string;
  /** Another exporter (tests: an in-memory one); spans go out one by one. */
  exporter?: SpanExporter;
}

/**
 * OpenTelemetry for this process: one tracer provider (W3C trace context, AsyncLocalStorage),
 * exporting over OTLP/HTTP when an endpoint is configured. The gateway makes its own spans
 * (plan, execute, fetch); Prisma's instrumentation adds one per query; `tracingMiddleware`
 * and `traceFetch` tie router and subgraphs into one trace. Without it, the API is a no-op, and
 * the SDK is not even loaded: it is about a third of a service's start-up imports.
 */
export async function startTracing({ service, otlpEndpoint, exporter }: TracingOptions): Promise<{ stop(): Promise<void> }> {
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, SimpleSpanProcessor }, { NodeTracerProvider }, { PrismaInstrumentation, registerInstrumentations }] = await Promise.all([
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/sdk-trace-node"),
    import("@prisma/instrumentation"),
  ]);
  const processor = exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint!.replace(/\/$/, "")}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ "service.name": service }), spanProcessors: [processor] });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  return { stop: () => provider.shutdown() };
}

const tracer = () => trace.getTracer("booking");

/** Express: a SERVER span per request, continuing the caller's trace from its `traceparent`. */
export function tracingMiddleware(service: string): RequestHandler {
  return (request, response, next) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(`${service} ${request.method} ${request.path}`, { kind: SpanKind.SERVER, attributes: { "service.name": service, "http.request.method": request.method, "url.path": request.path } }, parent);
    response.once("finish", () => {
      span.setAttribute("http.response.status_code", response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** A CLIENT span around one outgoing call, its context injected into `headers` (mutated). */
export async function traceFetch<T>(name: string, headers: Record<string, string>, call: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span: Span) => {
    propagation.inject(context.active(), headers);
    try {
      return await call();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
