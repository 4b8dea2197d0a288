import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller } from "./context.js";
import { formatError } from "./errors.js";
import { nameService, requireSignedRequest, verifiedCaller } from "./internal.js";
import { configureLogging, requestIdMiddleware, requestLogPlugin } from "./logging.js";
import { createServiceMetrics, type ServiceMetrics } from "./metrics.js";
import { startTracing, tracingMiddleware } from "./tracing.js";
import { nodeEnv, readEnv } from "./config.js";
import { z } from "zod";

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  /** What `/metrics` serves. @default the name's request metrics and Node's own */
  metrics?: ServiceMetrics;
  schema: GraphQLSchema;
  port: number;
  production: boolean;
  /** Shared with the router: requests without a valid signature are refused. */
  internalSecret: string;
  /** Builds a request's context for the caller its signature vouches for. */
  context: (caller: Caller) => TContext | Promise<TContext>;
  /** Adds routes beside /graphql and /health (public keys, internal endpoints). */
  extendApp?: (app: express.Express) => void;
  /** Resolves when the subgraph's dependencies (its database) answer. */
  healthCheck: () => Promise<void>;
}

/** Serves one subgraph: `POST /graphql` and `GET /health`. */
export async function startSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<RunningServer> {
  const app = express();
  nameService(app, options.name);
  app.use(requestIdMiddleware(), tracingMiddleware(options.name));
  const httpServer = http.createServer(app);
  const metrics = options.metrics ?? createServiceMetrics(options.name);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    formatError: formatError(options.production),
    // Our entry points handle SIGINT/SIGTERM; Apollo's own handlers would race them.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !options.production,
    hideSchemaDetailsFromClientErrors: options.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), metrics.apolloPlugin, requestLogPlugin()],
  });
  await apollo.start();

  app.get("/metrics", metrics.handler);
  app.get("/health", async (_request, response) => {
    try {
      await options.healthCheck();
      response.json({ status: "ok", service: options.name });
    } catch (error) {
      // names what is down, for the router's /health to pass on
      response.status(503).json({ status: "down", service: options.name, down: { database: (error as Error).message } });
    }
  });
  options.extendApp?.(app);
  app.use(
    "/graphql",
    ...requireSignedRequest(options.internalSecret, (reason) => ({
      errors: [{ message: `Subgraphs accept only signed requests from the router: ${reason}`, extensions: { code: "UNAUTHENTICATED" } }],
    })),
    (request, response, next) => {
      const rawBody: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        request.body = rawBody.length > 0 ? JSON.parse(rawBody.toString("utf8")) : undefined;
      } catch {
        response.status(400).json({ errors: [{ message: "Body is not JSON", extensions: { code: "BAD_REQUEST" } }] });
        return;
      }
      next();
    },
    expressMiddleware(apollo, { context: async ({ req }) => options.context(verifiedCaller(req)) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, "0.0.0.0", resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    stop: () => apollo.stop(),
  };
}

/**
 * Runs a service until SIGINT/SIGTERM, then stops it; a start failure exits 1. Started by a
 * supervisor with an IPC channel (`npm start`), it also stops when that channel closes: a
 * supervisor that dies, even by SIGKILL, leaves no service behind.
 */
export function runUntilSignalled(name: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  const { LOG_LEVEL, NODE_ENV, OTEL_EXPORTER_OTLP_ENDPOINT } = readEnv({
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    NODE_ENV: nodeEnv,
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  });
  if (NODE_ENV !== "test") configureLogging(name, LOG_LEVEL);
  let tracing: { stop(): Promise<void> } | null = null;
  const tracingStarted = OTEL_EXPORTER_OTLP_ENDPOINT ? startTracing({ service: name, otlpEndpoint: OTEL_EXPORTER_OTLP_ENDPOINT }).then((started) => void (tracing = started)) : Promise.resolve();
  let onSupervisorGone: () => void = () => process.exit(1);
  if (process.send) process.once("disconnect", () => onSupervisorGone());
  tracingStarted.then(start).then(
    (service) => {
      let stopping = false;
      onSupervisorGone = () => stop("supervisor gone");
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${name}: ${signal}, stopping`);
        service
          .stop()
          .then(() => tracing?.stop())
          .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`${name}: stop failed`, error);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    },
    (error: unknown) => {
      console.error(`${name}: failed to start:`, error);
      process.exit(1);
    },
  );
}
