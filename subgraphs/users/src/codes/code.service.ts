import { AppError, badInput } from "@booking/common";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { CodePurpose, CodeRepository } from "./code.repository.js";

export const CODE_LIFETIME_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

export type CodeCheck = "valid" | "wrong" | "dead";

function hashCode(userId: string, purpose: CodePurpose, code: string): string {
  return createHash("sha256").update(`${userId}:${purpose}:${code}`).digest("hex");
}

/**
 * One-time codes: 6 digits from a CSPRNG, stored hashed, 10 minutes, single use; a new
 * code supersedes the old one of the same purpose; 5 wrong tries kill a code.
 */
export const oneTimeCodes = {
  /** Creates a code inside the caller's transaction and returns it in clear (for the mail). */
  async issue(codes: CodeRepository, userId: string, purpose: CodePurpose): Promise<string> {
    const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
    await codes.replace(userId, purpose, hashCode(userId, purpose, code), new Date(Date.now() + CODE_LIFETIME_MS));
    return code;
  },

  /**
   * Checks a code inside the caller's transaction: a valid code is consumed, a wrong one
   * counted. The caller commits either way and throws afterwards (see `assertValid`), so
   * failed tries are recorded.
   */
  async check(codes: CodeRepository, userId: string, purpose: CodePurpose, code: string): Promise<CodeCheck> {
    const live = await codes.lockLive(userId, purpose);
    if (!live || live.expiresAt.getTime() <= Date.now()) return "wrong";
    if (live.attempts >= MAX_CODE_ATTEMPTS) return "dead";
    const expected = Buffer.from(live.codeHash);
    const actual = Buffer.from(hashCode(userId, purpose, code.trim()));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      await codes.countFailure(live.id);
      return "wrong";
    }
    await codes.consume(live.id);
    return "valid";
  },

  /** Refuses what cannot be a code before any limiter or lookup sees it. */
  assertShape(code: string): void {
    if (!/^\s*\d{6}\s*$/.test(code.length > 64 ? "" : code)) throw badInput("code", "The code is the 6 digits from the email");
  },

  assertValid(check: CodeCheck): void {
    if (check === "dead") throw new AppError("TOO_MANY_ATTEMPTS", "Too many wrong codes: ask for a new one");
    if (check === "wrong") throw new AppError("INVALID_CODE", "The code is wrong, expired or already used");
  },
};
