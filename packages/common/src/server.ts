import { ApolloServer, type BaseContext, type ContextFunction } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware, type ExpressContextFunctionArgument } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatError } from "./errors.js";

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  production: boolean;
  context: ContextFunction<[ExpressContextFunctionArgument], TContext>;
  /** Resolves when the subgraph's dependencies (its database) answer. */
  healthCheck: () => Promise<void>;
}

/** Serves one subgraph: `POST /graphql` and `GET /health`. */
export async function startSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    formatError: formatError(options.production),
    includeStacktraceInErrorResponses: !options.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  app.get("/health", async (_request, response) => {
    try {
      await options.healthCheck();
      response.json({ status: "ok", service: options.name });
    } catch (error) {
      response.status(503).json({ status: "down", service: options.name, reason: (error as Error).message });
    }
  });
  app.use("/graphql", express.json({ limit: "1mb" }), expressMiddleware(apollo, { context: options.context }));

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

/** Runs a service until SIGINT/SIGTERM, then stops it; a start failure exits 1. */
export function runUntilSignalled(name: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (service) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${name}: ${signal}, stopping`);
        service.stop().then(
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
