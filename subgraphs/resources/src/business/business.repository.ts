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
  async apply(facts: readonly BusinessFacts[]): Promise<{ changed: number; activated: string[] }> {
    // "before" reads the rows as they were when the statement started: what became ACTIVE now
    const rows = await this.db.$queryRaw<{ id: string; activated: boolean }[]>`
      WITH incoming AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f(
          id UUID, "ownerId" UUID, name TEXT, type TEXT, city TEXT, timezone TEXT, status TEXT, "updatedAt" TIMESTAMPTZ, version BIGINT)
      ), before AS (
        SELECT b.id, b.status FROM businesses b WHERE b.id IN (SELECT id FROM incoming)
      ), upserted AS (
        INSERT INTO businesses (id, owner_id, name, type, city, timezone, status, updated_at, version)
        SELECT f.id, f."ownerId", f.name, f.type::"BusinessType", f.city, f.timezone, f.status::"BusinessStatus", f."updatedAt", f.version
        FROM incoming f
        ON CONFLICT (id) DO UPDATE SET
          owner_id = EXCLUDED.owner_id, name = EXCLUDED.name, type = EXCLUDED.type, city = EXCLUDED.city,
          timezone = EXCLUDED.timezone, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
        WHERE businesses.version < EXCLUDED.version
        RETURNING businesses.id, businesses.status
      )
      SELECT u.id, (u.status = 'ACTIVE' AND b.status IS DISTINCT FROM 'ACTIVE' AND b.id IS NOT NULL) AS activated
      FROM upserted u LEFT JOIN before b ON b.id = u.id`;
    return { changed: rows.length, activated: rows.filter((row) => row.activated).map((row) => row.id) };
  }
}
