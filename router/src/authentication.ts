import { AppError, callInternal, type Viewer } from "@booking/common";
import { ACCESS_TOKEN, VIEWER_STATUS_PATH, type ViewerStatus } from "@booking/contracts";
import { GraphQLError } from "graphql";
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { InFlight } from "./in-flight.js";

export interface AuthenticationOptions {
  /** The users subgraph's GraphQL URL: its JWKS and viewer-status endpoints sit beside it. */
  usersUrl: string;
  internalSecret: string;
  /**
   * How long a user's status is trusted before asking again: a suspension takes effect
   * within this.
   * @default 2000
   */
  statusCacheMs?: number;
  /**
   * While users cannot be reached, a viewer's last known status is used for this long after it
   * was last confirmed, so a short outage fails only the fields that need users.
   * @default 300000
   */
  staleStatusMs?: number;
  /**
   * How long the users JWKS is trusted before it is fetched again: a key users stopped
   * publishing (retired longer than a token lifetime) stops verifying within this. A token
   * naming a key not yet seen fetches at once, at most once per 10 seconds.
   * @default 300000
   */
  jwksCacheMs?: number;
}

/** A verified viewer and when its token runs out (epoch ms). */
export interface AuthenticatedViewer extends Viewer {
  expiresAt: number;
  issuedAt: number;
}

export interface Authenticator {
  /** Verifies an Authorization header value; null when there is none. Throws coded errors. */
  authenticate(authorization: string | undefined): Promise<AuthenticatedViewer | null>;
  /** Asks again whether a viewer may still act (suspension, logoutAll); throws when not. */
  recheck(viewer: AuthenticatedViewer): Promise<void>;
}

const MAX_CACHED_STATUSES = 10_000;

function rejected(code: "UNAUTHENTICATED" | "ACCOUNT_SUSPENDED" | "SERVICE_UNAVAILABLE", message: string): GraphQLError {
  const status = code === "UNAUTHENTICATED" ? 401 : code === "ACCOUNT_SUSPENDED" ? 403 : 503;
  return new AppError(code, message, { http: { status } });
}

/**
 * Verifies bearer access tokens (EdDSA pinned, issuer, audience, expiry) against the users
 * subgraph's JWKS, then asks users, through a brief cache, whether the account may still act
 * and with which role: suspension, deletion and logoutAll void tokens at once.
 */
export function createAuthenticator({ usersUrl, internalSecret, statusCacheMs = 2_000, staleStatusMs = 300_000, jwksCacheMs = 300_000 }: AuthenticationOptions): Authenticator {
  const jwks = keysWithFallback(createRemoteJWKSet(new URL(ACCESS_TOKEN.jwksPath, usersUrl), { cooldownDuration: Math.min(10_000, jwksCacheMs), cacheMaxAge: jwksCacheMs }));
  const statuses = new Map<string, { status: ViewerStatus | null; confirmedAt: number }>();
  // One lookup per user at a time: when a busy viewer's status runs out of cache (a vendor's
  // dashboard on several connections, a thousand subscriptions to one business), every request
  // waiting on it shares the one answer instead of each asking users.
  const lookups = new InFlight<{ viewer: ViewerStatus | null } | null>();

  async function statusOf(userId: string): Promise<ViewerStatus | null> {
    const known = statuses.get(userId);
    if (known && Date.now() - known.confirmedAt < statusCacheMs) return known.status;
    // users always answers this endpoint with an object; no answer at all is an outage
    const answer = await lookups.share(userId, () =>
      callInternal<{ viewer: ViewerStatus | null }>(usersUrl, VIEWER_STATUS_PATH, { userId }, { audience: "users", internalSecret }).catch(() => null),
    );
    if (!answer) {
      if (known && Date.now() - known.confirmedAt < staleStatusMs) return known.status;
      throw rejected("SERVICE_UNAVAILABLE", "Sign-in cannot be checked right now; try again shortly");
    }
    const { viewer } = answer;
    if (statuses.size >= MAX_CACHED_STATUSES) statuses.clear();
    statuses.set(userId, { status: viewer, confirmedAt: Date.now() });
    return viewer;
  }

  async function assertMayAct(userId: string, issuedAt: number): Promise<ViewerStatus> {
    const status = await statusOf(userId);
    if (!status) throw rejected("UNAUTHENTICATED", "The access token's user no longer exists");
    if (status.status === "SUSPENDED" || status.status === "DELETED") throw rejected("ACCOUNT_SUSPENDED", "This account is suspended");
    if (status.status !== "ACTIVE") throw rejected("UNAUTHENTICATED", "This account cannot sign in yet");
    if (status.tokensValidAfter !== null && issuedAt < status.tokensValidAfter) {
      throw rejected("UNAUTHENTICATED", "This session was signed out");
    }
    return status;
  }

  async function authenticate(authorization: string | undefined): Promise<AuthenticatedViewer | null> {
    if (authorization === undefined || authorization.trim() === "") return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw rejected("UNAUTHENTICATED", "The Authorization header must be 'Bearer <accessToken>'");
    let claims: { sub?: string; iatMs?: unknown; iat?: number; exp?: number };
    try {
      ({ payload: claims } = await jwtVerify(match[1]!, jwks, {
        algorithms: [ACCESS_TOKEN.algorithm],
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
        requiredClaims: ["sub", "exp", "iat"],
      }));
    } catch (error) {
      if (isVerdict(error)) {
        const expired = error instanceof joseErrors.JWTExpired;
        throw rejected("UNAUTHENTICATED", expired ? "The access token has expired" : "The access token is invalid");
      }
      console.error("token verification unavailable:", (error as Error).message);
      throw rejected("SERVICE_UNAVAILABLE", "Sign-in cannot be checked right now; try again shortly");
    }
    const issuedAt = typeof claims.iatMs === "number" ? claims.iatMs : (claims.iat ?? 0) * 1000;
    const status = await assertMayAct(claims.sub!, issuedAt);
    return { userId: claims.sub!, role: status.role as Viewer["role"], expiresAt: (claims.exp ?? 0) * 1000, issuedAt };
  }

  return {
    authenticate,
    recheck: async (viewer) => void (await assertMayAct(viewer.userId, viewer.issuedAt)),
  };
}

/** A JOSE verdict about the token (no matching key, bad signature) rather than a failed fetch. */
const isVerdict = (error: unknown) => error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout);

/**
 * The users JWKS, fetched and cached by jose; when a fetch fails (users unreachable), the keys
 * already fetched still verify tokens they signed.
 */
function keysWithFallback(remote: ReturnType<typeof createRemoteJWKSet>): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      const known = remote.jwks();
      if (isVerdict(error) || !known) throw error;
      try {
        return await createLocalJWKSet(known)(header, token);
      } catch {
        throw error; // a key we never saw: the outage, not the token, is to blame
      }
    }
  };
}
