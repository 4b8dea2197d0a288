import { AppError } from "@booking/common";
import { ACCESS_TOKEN } from "@booking/contracts";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { SigningKeys } from "../tokens/signing-keys.js";
import type { RefreshTokenRepository } from "./refresh-token.repository.js";

export const REFRESH_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Sessions: a 15-minute access token plus an opaque 7-day refresh token stored hashed,
 * rotated on every use. A rotated token used again means it leaked: its whole family dies.
 */
export class Sessions {
  constructor(private readonly keys: SigningKeys) {}

  /** Starts a new family (a sign-in) or continues one (a rotation) inside the caller's transaction. */
  async issue(tokens: RefreshTokenRepository, user: { id: string; role: string }, familyId: string = randomUUID()): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString("base64url");
    await tokens.create({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_LIFETIME_MS),
    });
    const accessToken = await this.keys.signAccessToken({ userId: user.id, role: user.role });
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN.lifetimeSeconds };
  }

  /**
   * Spends a refresh token inside the caller's transaction. Returns its user and family when
   * it may be rotated; "reused" after revoking the family (the caller must commit that and
   * then fail); "invalid" for unknown, expired or revoked tokens.
   */
  async spend(tokens: RefreshTokenRepository, refreshToken: string): Promise<{ userId: string; familyId: string } | "reused" | "invalid"> {
    const token = await tokens.lockByHash(hashToken(refreshToken));
    if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) return "invalid";
    if (token.rotatedAt) {
      await tokens.revokeFamily(token.familyId);
      return "reused";
    }
    await tokens.markRotated(token.id);
    return { userId: token.userId, familyId: token.familyId };
  }

  /** Ends the session a refresh token belongs to; unknown tokens are ignored. */
  async end(tokens: RefreshTokenRepository, refreshToken: string): Promise<void> {
    const token = await tokens.lockByHash(hashToken(refreshToken));
    if (token) await tokens.revokeFamily(token.familyId);
  }

  async endAll(tokens: RefreshTokenRepository, userId: string): Promise<void> {
    await tokens.revokeAllOfUser(userId);
  }

  static invalidToken(): AppError {
    return new AppError("INVALID_TOKEN", "The refresh token is unknown, expired, revoked or was already used");
  }
}
