import type { BusinessFacts } from "@booking/contracts";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "../resource/resource.repository.js";

const replicaColumns = {
  id: true,
  ownerId: true,
  name: true,
  type: true,
  city: true,
  timezone: true,
  status: true,
  version: true,
} satisfies Prisma.BusinessSelect;

/** What this subgraph knows of a business (its replica row). */
export type ReplicaBusiness = Prisma.BusinessGetPayload<{ select: typeof replicaColumns }>;

/** SQL for the business replica; no rules. */
export class BusinessReplicaRepository {
  constructor(private readonly db: DbClient) {}

  find(id: string): Promise<ReplicaBusiness | null> {
    return this.db.business.findUnique({ where: { id }, select: replicaColumns });
  }

  /**
   * Stores each business's facts unless the replica already has that version or a newer one,
   * in one statement; returns how many rows changed. Facts must name each business once.
   */
  apply(facts: readonly BusinessFacts[]): Promise<number> {
    return this.db.$executeRaw`
      INSERT INTO businesses (id, owner_id, name, type, city, timezone, status, updated_at, version)
      SELECT f.id, f."ownerId", f.name, f.type::"BusinessType", f.city, f.timezone, f.status::"BusinessStatus", f."updatedAt", f.version
      FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f(
        id UUID, "ownerId" UUID, name TEXT, type TEXT, city TEXT, timezone TEXT, status TEXT, "updatedAt" TIMESTAMPTZ, version BIGINT)
      ON CONFLICT (id) DO UPDATE SET
        owner_id = EXCLUDED.owner_id, name = EXCLUDED.name, type = EXCLUDED.type, city = EXCLUDED.city,
        timezone = EXCLUDED.timezone, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
      WHERE businesses.version < EXCLUDED.version`;
  }
}
