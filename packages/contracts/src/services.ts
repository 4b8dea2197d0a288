/**
 * The subgraphs, in port order: the one list every script, config, test and the composition
 * read (docker-compose.yml repeats it in YAML; test/architecture.test.ts keeps the two equal).
 * By default the router answers on ROUTER_PORT and subgraph i on ROUTER_PORT + i + 1.
 */
export const SUBGRAPH_NAMES = ["users", "businesses", "resources", "bookings", "payments"] as const;

export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** The router's default port (`PORT`). */
export const ROUTER_PORT = 4000;

/** Where a subgraph listens by default, beside a router on `routerPort` (4001 ... 4005 beside 4000). */
export function subgraphPort(name: SubgraphName, routerPort = ROUTER_PORT): number {
  return routerPort + SUBGRAPH_NAMES.indexOf(name) + 1;
}

/** The variable that says where a subgraph answers: `USERS_URL` ... `PAYMENTS_URL`. */
export function subgraphUrlVariable(name: SubgraphName): `${Uppercase<SubgraphName>}_URL` {
  return `${name.toUpperCase() as Uppercase<SubgraphName>}_URL`;
}

/** The variable that names a subgraph's own database: `USERS_DATABASE_URL` ... */
export function subgraphDatabaseVariable(name: SubgraphName): `${Uppercase<SubgraphName>}_DATABASE_URL` {
  return `${name.toUpperCase() as Uppercase<SubgraphName>}_DATABASE_URL`;
}

/**
 * Where each subgraph answers (`USERS_URL` ... `PAYMENTS_URL`, each the /graphql URL);
 * defaults are the ports beside a router on `routerPort`. Services call each other's internal
 * endpoints beside that URL.
 */
export function readServiceUrls(env: NodeJS.ProcessEnv = process.env, routerPort = ROUTER_PORT): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, env[subgraphUrlVariable(name)] || `http://127.0.0.1:${subgraphPort(name, routerPort)}/graphql`]),
  ) as Record<SubgraphName, string>;
}
