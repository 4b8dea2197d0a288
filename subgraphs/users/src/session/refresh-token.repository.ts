import type { DbClient } from "../user/user.repository.js";

export interface LockedRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/** SQL for refresh tokens; no rules. */
export class RefreshTokenRepository {
  constructor(private readonly db: DbClient) {}

  async create(row: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db.refreshToken.create({ data: row });
  }

  /** The token with this hash, locked so that two rotations of it cannot both succeed. */
  async lockByHash(tokenHash: string): Promise<LockedRefreshToken | null> {
    const rows = await this.db.$queryRaw<LockedRefreshToken[]>`
      SELECT id, user_id AS "userId", family_id AS "familyId", expires_at AS "expiresAt",
             rotated_at AS "rotatedAt", revoked_at AS "revokedAt"
      FROM refresh_tokens WHERE token_hash = ${tokenHash} FOR UPDATE`;
    return rows[0] ?? null;
  }

  async markRotated(id: string): Promise<void> {
    await this.db.refreshToken.update({ where: { id }, data: { rotatedAt: new Date() } });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
