// Hive Gateway in front of the project's running subgraphs, for `npm run bench` only.
// It authenticates like the router (the router's own authenticator: JWT against the users JWKS,
// then the viewer's status) and signs every subgraph fetch exactly as the router does
// (SignedDataSource: the same trust headers over the exact body sent), from an onFetch plugin.
// Env: PORT, SUPERGRAPH_PATH, INTERNAL_SECRET, USERS_URL, *_URL of each subgraph, HIVE_PLANNER=js|rust.
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createAuthenticator } from "../../router/dist/authentication.js";
import { SYSTEM_CALLER, encodeCaller, signEncodedRequest } from "../../packages/common/dist/trust.js";

const env = process.env;
const secret = env.INTERNAL_SECRET;
const planner = env.HIVE_PLANNER ?? "js";
// The supergraph's URLs are placeholders: point each subgraph at the running one.
let supergraph = readFileSync(env.SUPERGRAPH_PATH, "utf8");
for (const name of ["users", "businesses", "resources", "bookings", "payments"]) {
  supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*"`), `$1${env[`${name.toUpperCase()}_URL`]}"`);
}
/** Which subgraph a fetch is for: the signature names it, as the router's does. */
const audienceOf = new Map(["users", "businesses", "resources", "bookings", "payments"].map((name) => [env[`${name.toUpperCase()}_URL`], name]));
const authenticator = createAuthenticator({ usersUrl: env.USERS_URL, internalSecret: secret });

/** Who is calling, verified once per client request, as the router's context does. */
const useRouterAuthentication = () => ({
  async onContextBuilding({ context, extendContext }) {
    const viewer = await authenticator.authenticate(context.request.headers.get("authorization") ?? undefined);
    extendContext({ bookingCaller: encodeCaller({ viewer: viewer ? { userId: viewer.userId, role: viewer.role } : null, clientIp: "127.0.0.1" }) });
  },
  onFetch({ url, options, setOptions, context }) {
    const body = typeof options.body === "string" ? options.body : "";
    const caller = context?.bookingCaller ?? encodeCaller(SYSTEM_CALLER);
    const signed = signEncodedRequest(secret, { audience: audienceOf.get(String(url)) ?? "", method: options.method ?? "POST", url }, body, caller);
    setOptions({ ...options, headers: { ...options.headers, ...signed } });
  },
});

const unifiedGraphHandler = planner === "rust" ? (await import("@graphql-hive/router-runtime")).unifiedGraphHandler : undefined;
const gateway = createGatewayRuntime({
  supergraph,
  logging: "error",
  landingPage: false,
  graphiql: false,
  ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
  plugins: () => [useRouterAuthentication()],
});
const server = http.createServer(gateway);
server.listen(Number(env.PORT), "127.0.0.1", () => console.log(`hive gateway (${planner} planner) ready on ${env.PORT}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
