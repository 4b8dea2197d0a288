import { DEMO_BUSINESSES } from "@booking/contracts";
import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * Loads the four demo businesses, ACTIVE and verified, owned by the demo vendors. Only into
 * an empty businesses table; returns how many it made. (Their facts also enter the outbox,
 * like any insert: harmless when resources seeded the same version itself.)
 */
export async function seedDemoBusinesses(db: PrismaClient): Promise<number> {
  if ((await db.business.count()) > 0) return 0;
  const { count } = await db.business.createMany({
    data: Object.values(DEMO_BUSINESSES).map((business) => ({ ...business, status: "ACTIVE" as const, isVerified: true })),
    skipDuplicates: true,
  });
  return count;
}
