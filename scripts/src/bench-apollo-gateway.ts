import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { SUBGRAPH_NAMES, type SubgraphName } from "@booking/contracts";
import { readFileSync } from "node:fs";
import { createAuthenticator } from "../../router/dist/authentication.js";
import type { RouterContext } from "../../router/dist/context.js";
import { SignedDataSource } from "../../router/dist/signed-data-source.js";

/**
 * A bare `@apollo/gateway` (the project's own copy, so the same version) for `npm run bench`:
 * Apollo Server's standalone HTTP server, no plugins, in front of the running subgraphs. It
 * authenticates with the router's authenticator and signs with the router's data source, so
 * it does the same trust work per request, with the data source's savings off (no merged
 * fetches, every representation sent): what the gateway does on its own.
 * Env: PORT, SUPERGRAPH_PATH, INTERNAL_SECRET and each subgraph's *_URL.
 */
const env = process.env;
const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, env[`${name.toUpperCase()}_URL`]!])) as Record<SubgraphName, string>;
const internalSecret = env.INTERNAL_SECRET!;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(env.SUPERGRAPH_PATH!, "utf8"),
  buildService: ({ name }) => new SignedDataSource({ name, url: urls[name as SubgraphName], internalSecret, timeoutMs: 10_000, shareWork: false }),
});
const authenticator = createAuthenticator({ usersUrl: urls.users, internalSecret });
const server = new ApolloServer<RouterContext>({ gateway, csrfPrevention: false });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(env.PORT), host: "127.0.0.1" },
  context: async ({ req }) => ({ viewer: await authenticator.authenticate(req.headers.authorization), clientIp: req.socket.remoteAddress ?? null }),
});
console.log(`bare @apollo/gateway ready at ${url}`);
