import type { DbClient } from "../user/user.repository.js";
import type { CodePurpose } from "../generated/prisma/enums.js";

export type { CodePurpose };

export interface LiveCode {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
}

/** SQL for one-time codes; no rules. */
export class CodeRepository {
  constructor(private readonly db: DbClient) {}

  /** Marks the user's live code of this purpose superseded and stores a new one. */
  async replace(userId: string, purpose: CodePurpose, codeHash: string, expiresAt: Date): Promise<void> {
    await this.db.oneTimeCode.updateMany({
      where: { userId, purpose, consumedAt: null, supersededAt: null },
      data: { supersededAt: new Date() },
    });
    await this.db.oneTimeCode.create({ data: { userId, purpose, codeHash, expiresAt } });
  }

  /** The live code, locked for this transaction. */
  async lockLive(userId: string, purpose: CodePurpose): Promise<LiveCode | null> {
    const rows = await this.db.$queryRaw<LiveCode[]>`
      SELECT id, code_hash AS "codeHash", expires_at AS "expiresAt", attempts
      FROM one_time_codes
      WHERE user_id = ${userId}::uuid AND purpose = ${purpose}::"CodePurpose" AND consumed_at IS NULL AND superseded_at IS NULL
      FOR UPDATE`;
    return rows[0] ?? null;
  }

  async countFailure(id: string): Promise<void> {
    await this.db.oneTimeCode.update({ where: { id }, data: { attempts: { increment: 1 } } });
  }

  async consume(id: string): Promise<void> {
    await this.db.oneTimeCode.update({ where: { id }, data: { consumedAt: new Date() } });
  }
}
