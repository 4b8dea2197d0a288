import { nodeEnv, readEnv, readEventsConfig, type EventsConfig } from "@booking/common";
import { z } from "zod";

export interface UsersConfig {
  production: boolean;
  dataDir: string;
  /** smtp:// URL; without it mail goes to DATA_DIR/mail (outside production). */
  smtpUrl: string | null;
  mailFrom: string;
  admin: { email: string; password: string } | null;
  rateLimits: boolean;
  redisUrl: string | null;
  oidcIssuer: string;
  googleClientId: string | null;
  /** How soon the issuer's keys may be fetched again when a token names an unknown key. */
  oidcJwksCooldownMs: number;
  /** How often token signing keys are read again (a rotation reaches running instances). */
  signingKeysReloadMs: number;
  /** where events from other services come (EVENTS_DATABASE_URL or NATS_URL): booking mail */
  events: EventsConfig;
}

/** The users subgraph's own settings, read once at start. */
export function readUsersConfig(env: NodeJS.ProcessEnv): UsersConfig {
  const parsed = readEnv(
    {
      NODE_ENV: nodeEnv,
      DATA_DIR: z.string().default(".data"),
      SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
      MAIL_FROM: z.string().default("Booking <no-reply@booking.local>"),
      ADMIN_EMAIL: z.string().email().optional(),
      ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
      RATE_LIMITS: z.enum(["on", "off"]).default("on"),
      REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
      OIDC_ISSUER: z.string().url().default("https://accounts.google.com"),
      GOOGLE_CLIENT_ID: z.string().min(1).optional(),
      OIDC_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
      SIGNING_KEYS_RELOAD_MS: z.coerce.number().int().min(50).default(60_000),
    },
    env,
  );
  if (Boolean(parsed.ADMIN_EMAIL) !== Boolean(parsed.ADMIN_PASSWORD)) {
    throw new Error("Invalid configuration: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither");
  }
  return {
    production: parsed.NODE_ENV === "production",
    dataDir: parsed.DATA_DIR,
    smtpUrl: parsed.SMTP_URL ?? null,
    mailFrom: parsed.MAIL_FROM,
    admin: parsed.ADMIN_EMAIL && parsed.ADMIN_PASSWORD ? { email: parsed.ADMIN_EMAIL, password: parsed.ADMIN_PASSWORD } : null,
    rateLimits: parsed.RATE_LIMITS === "on",
    redisUrl: parsed.REDIS_URL ?? null,
    oidcIssuer: parsed.OIDC_ISSUER.replace(/\/$/, ""),
    googleClientId: parsed.GOOGLE_CLIENT_ID ?? null,
    oidcJwksCooldownMs: parsed.OIDC_JWKS_COOLDOWN_MS,
    signingKeysReloadMs: parsed.SIGNING_KEYS_RELOAD_MS,
    events: readEventsConfig(env),
  };
}
