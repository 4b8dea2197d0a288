import { logger } from "@booking/common";
import { ACCESS_TOKEN } from "@booking/contracts";
import { SignJWT, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import type { UsersUnitOfWork } from "../repositories.js";
import type { SigningKeyRepository } from "./signing-key.repository.js";

type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

export interface AccessTokenClaims {
  userId: string;
  role: string;
}

/**
 * A retired key stays published this long: every token it signed has expired by then, and no
 * token it could still sign (were it stolen) is accepted after.
 */
export const RETIRED_KEY_PUBLISHED_MS = ACCESS_TOKEN.lifetimeSeconds * 1000;

/**
 * The Ed25519 key pairs access tokens are signed with, kept in the users database so every
 * instance signs with the same key and restarts keep sessions. Tokens are signed with the
 * newest key in use; the JWKS publishes it and the keys retired within one token lifetime.
 * Keys are read again every `reloadMs`, so a rotation (`npm run keys:rotate`) reaches every
 * instance without a restart.
 */
export class SigningKeys {
  private signing!: { kid: string; privateKey: PrivateKey };
  private published: JWK[] = [];
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly keys: SigningKeyRepository) {}

  static async load(keys: SigningKeyRepository, reloadMs: number | null = null): Promise<SigningKeys> {
    // Instances racing on a first start may each create one: all sign with the newest.
    if (!(await keys.newestActive())) await keys.create(await newKeyPair());
    const loaded = new SigningKeys(keys);
    await loaded.reload();
    if (reloadMs !== null) {
      loaded.timer = setInterval(() => void loaded.reload().catch((error: unknown) => logger.error({ error }, "signing keys: reload failed; keeping the keys we have")), reloadMs);
      loaded.timer.unref();
    }
    return loaded;
  }

  /** Reads the key to sign with and the keys to publish. */
  async reload(now = Date.now()): Promise<void> {
    const active = await this.keys.newestActive();
    if (!active) throw new Error("no signing key in use: run npm run keys:rotate");
    if (active.kid !== this.signing?.kid) this.signing = { kid: active.kid, privateKey: await importPKCS8(active.privateKey, ACCESS_TOKEN.algorithm) };
    this.published = (await this.keys.publicJwks(new Date(now - RETIRED_KEY_PUBLISHED_MS))) as JWK[];
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.published };
  }

  /** A 15-minute access token; `iatMs` lets sessions revoked within the same second die too. */
  async signAccessToken(claims: AccessTokenClaims, now = Date.now()): Promise<string> {
    return new SignJWT({ role: claims.role, iatMs: now })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: this.signing.kid, typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ACCESS_TOKEN.lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.signing.privateKey);
  }
}

/**
 * Rotation: a new key pair signs from now on; the keys in use are retired (still published for
 * one token lifetime, so tokens they signed keep working until they expire). One transaction.
 */
export async function rotateSigningKey(uow: UsersUnitOfWork, now = new Date()): Promise<{ kid: string; retired: string[] }> {
  const created = await newKeyPair();
  const retired = await uow.transaction(async ({ signingKeys }) => {
    const retiredKids = await signingKeys.retireActive(now);
    await signingKeys.create(created);
    return retiredKids;
  });
  return { kid: created.kid, retired };
}

async function newKeyPair(): Promise<{ kid: string; privateKey: string; publicJwk: object }> {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN.algorithm, { crv: "Ed25519", extractable: true });
  const kid = randomUUID();
  return { kid, privateKey: await exportPKCS8(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN.algorithm, use: "sig" } };
}
