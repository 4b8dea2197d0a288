import { readEnv } from "@booking/common";
import { z } from "zod";
import { resolveDatabases } from "./databases.js";
import { seedDemoData } from "./demo-data.js";

/**
 * `npm run seed`: loads the demo data set into the configured databases (USERS_, BUSINESSES_,
 * RESOURCES_DATABASE_URL) or the embedded ones `npm start` uses, where they are empty.
 */
const env = readEnv({ DATA_DIR: z.string().default(".data") });

const { urls, cluster } = await resolveDatabases(["users", "businesses", "resources"] as const, process.env, env.DATA_DIR);
try {
  const seeded = await seedDemoData(urls);
  const what = { users: "accounts", businesses: "businesses", resources: "resources" } as const;
  for (const [name, count] of Object.entries(seeded) as [keyof typeof what, number][]) {
    console.log(count > 0 ? `${name}: loaded ${count} demo ${what[name]}` : `${name}: not empty, left as it is`);
  }
} finally {
  await cluster?.stop();
}
