import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@booking/contracts";
import { hashPassword } from "../account/credentials.js";
import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * Loads the demo accounts (an admin, one vendor per demo business, a customer): active,
 * verified, password DEMO_PASSWORD hashed like any other. Only into an empty users table;
 * returns how many accounts it made.
 */
export async function seedDemoAccounts(db: PrismaClient): Promise<number> {
  if ((await db.user.count()) > 0) return 0;
  const accounts = Object.values(DEMO_ACCOUNTS);
  const rows = await Promise.all(
    accounts.map(async (account) => ({
      ...account,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      status: "ACTIVE" as const,
      emailVerified: true,
    })),
  );
  const { count } = await db.user.createMany({ data: rows, skipDuplicates: true });
  return count;
}
