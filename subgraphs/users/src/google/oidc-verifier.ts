import { AppError } from "@booking/common";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string;
  givenName: string | null;
  familyName: string | null;
}

/**
 * Verifies ID tokens of one OpenID Connect issuer (Google by default): keys found through
 * the discovery document, cached and refetched when the issuer rotates them; signature,
 * issuer, audience (our client id), expiry and a verified email are all required.
 */
export class OidcVerifier {
  private keys: ReturnType<typeof createRemoteJWKSet> | null = null;
  private discoveredIssuer: string | null = null;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string | null,
    private readonly jwksCooldownMs = 30_000,
  ) {}

  async verify(idToken: string): Promise<OidcIdentity> {
    if (!this.clientId) throw new AppError("FORBIDDEN", "Google sign-in is not configured on this server (GOOGLE_CLIENT_ID)");
    const keys = await this.jwks();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        issuer: this.acceptedIssuers(),
        audience: this.clientId,
        algorithms: ["RS256", "ES256", "EdDSA"],
      }));
    } catch {
      throw new AppError("UNAUTHENTICATED", "The ID token is invalid or expired");
    }
    const email = typeof payload.email === "string" ? payload.email : null;
    if (!payload.sub || !email || (payload.email_verified !== true && payload.email_verified !== "true")) {
      throw new AppError("UNAUTHENTICATED", "The ID token carries no verified email");
    }
    return {
      issuer: this.discoveredIssuer ?? this.issuer,
      subject: payload.sub,
      email,
      givenName: typeof payload.given_name === "string" ? payload.given_name : null,
      familyName: typeof payload.family_name === "string" ? payload.family_name : null,
    };
  }

  // Google signs with "https://accounts.google.com" and, for older clients, "accounts.google.com".
  private acceptedIssuers(): string[] {
    const issuer = this.discoveredIssuer ?? this.issuer;
    return [issuer, issuer.replace(/^https:\/\//, "")];
  }

  private async jwks(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.keys) return this.keys;
    let discovery: { issuer?: string; jwks_uri?: string };
    try {
      const response = await fetch(`${this.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      discovery = (await response.json()) as typeof discovery;
    } catch (error) {
      console.error("OIDC discovery failed:", (error as Error).message);
      throw new AppError("SERVICE_UNAVAILABLE", "The identity provider cannot be reached; try again shortly");
    }
    if (!discovery.jwks_uri) throw new AppError("SERVICE_UNAVAILABLE", "The identity provider's discovery document has no jwks_uri");
    this.discoveredIssuer = discovery.issuer ?? this.issuer;
    this.keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: this.jwksCooldownMs, cacheMaxAge: 60 * 60 * 1000 });
    return this.keys;
  }
}
