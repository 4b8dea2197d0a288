import { ACCESS_TOKEN } from "@booking/contracts";
import { SignJWT, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import type { SigningKeyRepository } from "./signing-key.repository.js";

type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

export interface AccessTokenClaims {
  userId: string;
  role: string;
}

/**
 * The Ed25519 key pair access tokens are signed with. Created on first start and kept in
 * the users database, so every instance signs with the same key and restarts keep sessions;
 * the public half is published as JWKS for the router.
 */
export class SigningKeys {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: PrivateKey,
    private readonly publicJwks: JWK[],
  ) {}

  static async load(keys: SigningKeyRepository): Promise<SigningKeys> {
    let active = await keys.newestActive();
    if (!active) {
      const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN.algorithm, { crv: "Ed25519", extractable: true });
      const kid = randomUUID();
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN.algorithm, use: "sig" };
      await keys.create({ kid, privateKey: await exportPKCS8(privateKey), publicJwk });
      // Several instances may race on first start: all of them use the oldest active key.
      active = await keys.oldestActive();
    }
    const published = await keys.publicJwks();
    return new SigningKeys(
      active.kid,
      await importPKCS8(active.privateKey, ACCESS_TOKEN.algorithm),
      published as JWK[],
    );
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  /** A 15-minute access token; `iatMs` lets sessions revoked within the same second die too. */
  async signAccessToken(claims: AccessTokenClaims, now = Date.now()): Promise<string> {
    return new SignJWT({ role: claims.role, iatMs: now })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: this.kid, typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ACCESS_TOKEN.lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}
