import type { DbClient } from "../user/user.repository.js";

export interface StoredSigningKey {
  kid: string;
  privateKey: string;
}

/** SQL for the token signing keys; no rules. */
export class SigningKeyRepository {
  constructor(private readonly db: DbClient) {}

  /** The newest key not retired. */
  newestActive(): Promise<StoredSigningKey | null> {
    return this.db.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { kid: true, privateKey: true } });
  }

  /** The oldest key not retired: the one instances that raced on a first start agree on. */
  oldestActive(): Promise<StoredSigningKey> {
    return this.db.signingKey.findFirstOrThrow({ where: { retiredAt: null }, orderBy: [{ createdAt: "asc" }, { kid: "asc" }], select: { kid: true, privateKey: true } });
  }

  async create(key: { kid: string; privateKey: string; publicJwk: object }): Promise<void> {
    await this.db.signingKey.create({ data: key });
  }

  /** Every key's public half, oldest first. */
  async publicJwks(): Promise<unknown[]> {
    const rows = await this.db.signingKey.findMany({ select: { publicJwk: true }, orderBy: { createdAt: "asc" } });
    return rows.map((row) => row.publicJwk);
  }
}
