import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import proxyAddr from "proxy-addr";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RouterConfig, SubgraphName } from "./config.js";
import type { RouterContext } from "./context.js";
import { createAuthenticator } from "./authentication.js";
import { requestIdMiddleware, requestLogPlugin, tracingMiddleware } from "@booking/common";
import { corsFor } from "./cors.js";
import { createRouterMetrics } from "./metrics.js";
import { healthHandler, liveness } from "./health.js";
import { graphqlIde } from "./ide.js";
import { routerFormatError } from "./format-error.js";
import { queryLimitRules, tokenLimit } from "./query-limits.js";
import { mergingInFlightOperations } from "./in-flight-operations.js";
import { SignedDataSource } from "./signed-data-source.js";
import { schemaReference } from "./schema-reference.js";
import { BookingEventStream } from "./subscriptions/booking-event-stream.js";
import { businessOwnerLookup } from "./subscriptions/event-access.js";
import { sseSubscriptions } from "./subscriptions/sse.js";
import { SubscriptionExecutor } from "./subscriptions/subscription-executor.js";
import { subscriptionRequests } from "./subscriptions/subscription-requests.js";
import { attachSubscriptionServer } from "./subscriptions/websocket.js";
import { trustedDocumentsHttp } from "./trusted-documents/http.js";
import { TrustedDocuments } from "./trusted-documents/trusted-documents.js";
import { paymentWebhooks } from "./webhooks.js";

export interface RunningRouter {
  url: string;
  port: number;
  /** Subscriptions currently listening for booking events on this instance. */
  activeSubscriptions(): number;
  stop(): Promise<void>;
}

/**
 * The router: the gateway on the committed supergraph, trusted documents, subscriptions over
 * graphql-ws and Server-Sent Events, health, and (outside production) the schema reference;
 * one HTTP server. Each feature lives in its own module; this is where they are assembled.
 */
export async function startRouter(config: RouterConfig): Promise<RunningRouter> {
  const supergraphSdl = await readFile(config.supergraphPath, "utf8");
  const trustedDocuments = await TrustedDocuments.load({ mode: config.trustedDocuments, manifestPath: config.operationsManifestPath });
  let supergraphLoaded = false;
  const metrics = createRouterMetrics();
  // One data source per subgraph, shared by queries and subscriptions, so identical fetches
  // in flight from both go out once.
  const dataSources = Object.fromEntries(
    (Object.keys(config.subgraphUrls) as SubgraphName[]).map((name) => [
      name,
      new SignedDataSource({ name, url: config.subgraphUrls[name], internalSecret: config.internalSecret, timeoutMs: config.subgraphTimeoutMs, fetchTimer: metrics.subgraphFetchTimer(name), onSharedFetch: metrics.sharedFetchCounter(name) }),
    ]),
  ) as Record<SubgraphName, SignedDataSource>;
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => dataSources[name as SubgraphName] });
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const authenticator = createAuthenticator({
    usersUrl: config.subgraphUrls.users,
    internalSecret: config.internalSecret,
    statusCacheMs: config.authStatusCacheMs,
    jwksCacheMs: config.jwksCacheMs,
    staleStatusMs: config.authStatusStaleMs,
  });

  const app = express();
  app.use(requestIdMiddleware(), tracingMiddleware("router"));
  // Behind a load balancer, per-IP limits must see the client, not the balancer.
  if (config.trustProxy) app.set("trust proxy", /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RouterContext>({
    gateway: mergingInFlightOperations(gateway, () => metrics.sharedOperation()),
    formatError: routerFormatError(config.production),
    // Our entry points handle SIGINT/SIGTERM; Apollo's own handlers would race them.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    introspection: !config.production,
    // "Did you mean ...?" would describe the schema to whoever guesses at it.
    hideSchemaDetailsFromClientErrors: config.production,
    // Auth travels in the Authorization header, never in cookies, so CSRF cannot ride on a
    // browser's credentials; the contract promises GET for queries without extra headers.
    csrfPrevention: false,
    validationRules: queryLimitRules(),
    // Hashes are resolved from the operation manifest only (trusted-documents/http.ts), never
    // from a cache that any client could fill.
    persistedQueries: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), metrics.apolloPlugin, requestLogPlugin()],
  });
  await apollo.start();

  const events = new BookingEventStream(config.subgraphUrls.bookings, config.internalSecret);
  const executor = new SubscriptionExecutor(
    supergraphSdl,
    dataSources,
    { bookingsUrl: config.subgraphUrls.bookings, internalSecret: config.internalSecret, timeoutMs: config.subgraphTimeoutMs },
  );
  const subscriptionCore = subscriptionRequests({ authenticator, executor, events, trustedDocuments, lookUpBusinessOwner: businessOwnerLookup(apollo) });
  const subscriptions = attachSubscriptionServer({
    httpServer,
    authenticator,
    schema: executor.apiSchema,
    subscriptions: subscriptionCore,
    recheckMs: config.subscriptionRecheckMs,
    caps: config.webSocketCaps,
    // the address Express would give req.ip: behind TRUST_PROXY, the client's, not the balancer's
    clientIpOf: (request) => proxyAddr(request, app.get("trust proxy fn") as (address: string, hop: number) => boolean) ?? null,
  });
  events.start();
  metrics.watchSubscriptions(() => events.listenerCount("change"));

  app.use(corsFor(config.corsOrigins));
  app.get("/health/live", liveness);
  app.get("/metrics", metrics.handler);
  app.use(paymentWebhooks({ paymentsUrl: config.subgraphUrls.payments, internalSecret: config.internalSecret }));
  app.get("/health", healthHandler({ subgraphUrls: config.subgraphUrls, isSupergraphLoaded: () => supergraphLoaded }));
  if (!config.production) app.get("/graphql", graphqlIde());
  if (!config.production) app.get("/reference", await schemaReference(config.schemaReferencePath));
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    tokenLimit(),
    sseSubscriptions({ authenticator, subscriptions: subscriptionCore }),
    trustedDocumentsHttp(trustedDocuments),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RouterContext> => ({ viewer: await authenticator.authenticate(req.headers.authorization), clientIp: req.ip ?? null }),
    }),
  );

  // A body that is not JSON (or too large) gets a GraphQL-shaped answer, not express's HTML page.
  app.use((error: Error & { status?: number }, _request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (response.headersSent) return next(error);
    const status = error.status && error.status < 500 ? error.status : 400;
    response.status(status).json({ errors: [{ message: `The request body could not be read: ${error.message}`, extensions: { code: "BAD_USER_INPUT" } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, "0.0.0.0", resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    activeSubscriptions: () => events.listenerCount("change"),
    stop: async () => {
      await subscriptions.close();
      await events.stop();
      await apollo.stop();
    },
  };
}
