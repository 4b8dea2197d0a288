import type { DbClient } from "../user/user.repository.js";

export interface StoredSigningKey {
  kid: string;
  privateKey: string;
}

/** SQL for the token signing keys; no rules. */
export class SigningKeyRepository {
  constructor(private readonly db: DbClient) {}

  /** The newest key not retired (by kid among keys made at the same instant, so every instance agrees). */
  newestActive(): Promise<StoredSigningKey | null> {
    return this.db.signingKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: "desc" }, { kid: "desc" }], select: { kid: true, privateKey: true } });
  }

  async create(key: { kid: string; privateKey: string; publicJwk: object }): Promise<void> {
    await this.db.signingKey.create({ data: key });
  }

  /** Retires every key in use; returns their ids. */
  async retireActive(at: Date): Promise<string[]> {
    const active = await this.db.signingKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
    await this.db.signingKey.updateMany({ where: { kid: { in: active.map((key) => key.kid) } }, data: { retiredAt: at } });
    return active.map((key) => key.kid);
  }

  /** The public half of every key in use or retired after `retiredSince`, oldest first. */
  async publicJwks(retiredSince: Date): Promise<unknown[]> {
    const rows = await this.db.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: retiredSince } }] },
      select: { publicJwk: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => row.publicJwk);
  }
}
