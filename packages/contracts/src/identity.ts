import type { Role } from "@booking/common";
import type { UserStatus } from "./enums.js";

/** What access tokens look like; the users subgraph signs them and the router verifies them. */
export const ACCESS_TOKEN = {
  algorithm: "EdDSA",
  issuer: "booking-users",
  audience: "booking-api",
  lifetimeSeconds: 15 * 60,
  /** Where the users subgraph publishes its public keys. */
  jwksPath: "/.well-known/jwks.json",
} as const;

/** The users subgraph's internal endpoint the router asks who a token's user is now. */
export const VIEWER_STATUS_PATH = "/internal/viewer-status";

export interface ViewerStatus {
  status: UserStatus;
  role: `${Role}`;
  /** Epoch ms; tokens issued before it are void. */
  tokensValidAfter: number | null;
}
