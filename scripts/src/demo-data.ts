import { seedDemoBusinesses } from "@booking/businesses/seed";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import { migrateSubgraphDatabase, type SubgraphDefinition } from "@booking/common";
import { seedDemoCatalog } from "@booking/resources/seed";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { usersSubgraph } from "@booking/users/subgraph";
// The users package exports no ./seed entry; its built seed module is reached by path.
import { seedDemoAccounts } from "../../subgraphs/users/dist/seed/demo-accounts.js";

/** The subgraphs that hold demo data, and their database URLs. */
export interface DemoDatabases {
  users: string;
  businesses: string;
  resources: string;
}

/**
 * Loads the demo data set (packages/common/src/demo.ts) into whichever of the three
 * databases are empty, each subgraph seeding its own database with its own code, after
 * applying its migrations. Nothing crosses between services, so the order does not matter.
 * Returns what each seeded (0: it was not empty).
 */
export async function seedDemoData(databases: DemoDatabases): Promise<Record<keyof DemoDatabases, number>> {
  const [users, businesses, resources] = await Promise.all([
    withDatabase(usersSubgraph, databases.users, seedDemoAccounts),
    withDatabase(businessesSubgraph, databases.businesses, seedDemoBusinesses),
    withDatabase(resourcesSubgraph, databases.resources, seedDemoCatalog),
  ]);
  return { users, businesses, resources };
}

async function withDatabase<TDatabase extends { $disconnect(): Promise<void> }>(
  definition: SubgraphDefinition<TDatabase & { $queryRawUnsafe(sql: string): Promise<unknown> }, object>,
  databaseUrl: string,
  seed: (db: TDatabase) => Promise<number>,
): Promise<number> {
  await migrateSubgraphDatabase(definition, databaseUrl);
  const db = definition.connect(databaseUrl, { poolSize: 2 });
  try {
    return await seed(db);
  } finally {
    await db.$disconnect();
  }
}
