import { subgraphDatabaseVariable } from "@booking/contracts";
import { rotateSigningKey } from "@booking/users/signing-keys";
import { usersSubgraph, usersUnitOfWork } from "@booking/users/subgraph";

/**
 * `npm run keys:rotate`: a new access-token signing key in the users database (USERS_DATABASE_URL).
 * Running users instances sign with it after their next key reload (SIGNING_KEYS_RELOAD_MS);
 * the keys it replaces stay published for one token lifetime, so no session breaks.
 */
const variable = subgraphDatabaseVariable("users");
const databaseUrl = process.env[variable];
if (!databaseUrl) {
  console.error(`${variable} is not set: name the users database to rotate its signing key`);
  process.exit(1);
}
const db = usersSubgraph.connect(databaseUrl, { poolSize: 1 });
try {
  const { kid, retired } = await rotateSigningKey(usersUnitOfWork(db));
  console.log(`signing key ${kid} is in use; retired ${retired.length > 0 ? retired.join(", ") : "none"} (published until their tokens expire)`);
} finally {
  await db.$disconnect();
}
