import { z } from "zod";

/**
 * Reads and validates environment variables once, at start; a bad value stops the process
 * with a message naming the variable. An empty (or blank) variable counts as unset, as
 * `${X:-}` in a compose file or `X=` in a shell leaves it.
 */
export function readEnv<T extends z.ZodRawShape>(shape: T, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<T>> {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const result = z.object(shape).safeParse(set);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");

export const nodeEnv = z.enum(["development", "production", "test"]).default("development");

export const internalSecret = z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)");

export interface SubgraphConfig {
  port: number;
  databaseUrl: string;
  production: boolean;
  internalSecret: string;
}

/**
 * A subgraph's own settings: `PORT` and its database, from `<NAME>_DATABASE_URL` or
 * `DATABASE_URL` (the same entry point serves `npm start` and a container).
 */
export function readSubgraphConfig(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const prefix = name.toUpperCase();
  const parsed = readEnv(
    {
      PORT: port(defaultPort),
      NODE_ENV: nodeEnv,
      INTERNAL_SECRET: internalSecret,
      [`${prefix}_DATABASE_URL`]: postgresUrl.optional(),
      DATABASE_URL: postgresUrl.optional(),
    },
    env,
  ) as { PORT: number; NODE_ENV: string; INTERNAL_SECRET: string; DATABASE_URL?: string } & Record<string, string | undefined>;
  const databaseUrl = parsed[`${prefix}_DATABASE_URL`] ?? parsed.DATABASE_URL;
  if (!databaseUrl) throw new Error(`Invalid configuration: set ${prefix}_DATABASE_URL or DATABASE_URL`);
  return { port: parsed.PORT, databaseUrl, production: parsed.NODE_ENV === "production", internalSecret: parsed.INTERNAL_SECRET };
}

/**
 * Whether to load demo data into empty databases: `SEED_DEMO` when set (true/false/1/0),
 * otherwise only in development (never in production or tests by default).
 */
export function demoDataWanted(env: NodeJS.ProcessEnv): boolean {
  const value = env.SEED_DEMO?.trim().toLowerCase();
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  if (value) throw new Error(`Invalid configuration:\n  SEED_DEMO: must be true or false, not ${env.SEED_DEMO}`);
  return (env.NODE_ENV ?? "development") === "development";
}

/** An optional variable: an empty value counts as unset (compose files and shells leave them empty). */
export function optionalSetting<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());
}

/** Where a service's events travel (`@booking/events` reads no environment: this is its input). */
export interface EventsConfig {
  /** EVENTS_DATABASE_URL: pg-boss in this PostgreSQL database (unless NATS_URL). */
  eventsDatabaseUrl: string | null;
  /** NATS_URL: NATS JetStream instead. */
  natsUrl: string | null;
  /** NATS_STREAM: the JetStream stream (its subjects are its name in lowercase); one per deployment. */
  natsStream: string;
  /** EVENTS_MAX_ATTEMPTS, EVENTS_RETRY_DELAY_MS: deliveries of one event to one consumer before it is dead-lettered, and the first wait between two (doubling, at most 5 minutes). */
  retry: { maxAttempts: number; initialDelayMs: number };
}

/**
 * The event backbone's settings, the same in every service that publishes or consumes. Neither
 * URL set is refused in production; elsewhere events wait in the service's outbox.
 */
export function readEventsConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  const parsed = readEnv(
    {
      NODE_ENV: nodeEnv,
      EVENTS_DATABASE_URL: optionalSetting(postgresUrl),
      NATS_URL: optionalSetting(z.string().regex(/^(nats|tls):\/\//, "must be a nats:// URL")),
      NATS_STREAM: optionalSetting(z.string().regex(/^[A-Za-z0-9_-]+$/, "must be letters, digits, _ or -")),
      EVENTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
      EVENTS_RETRY_DELAY_MS: z.coerce.number().int().min(100).max(300_000).default(1_000),
    },
    env,
  );
  if (parsed.NODE_ENV === "production" && !parsed.EVENTS_DATABASE_URL && !parsed.NATS_URL) {
    throw new Error("Invalid configuration: set EVENTS_DATABASE_URL or NATS_URL (events between services)");
  }
  return {
    eventsDatabaseUrl: parsed.EVENTS_DATABASE_URL ?? null,
    natsUrl: parsed.NATS_URL ?? null,
    natsStream: parsed.NATS_STREAM ?? "EVENTS",
    retry: { maxAttempts: parsed.EVENTS_MAX_ATTEMPTS, initialDelayMs: parsed.EVENTS_RETRY_DELAY_MS },
  };
}
