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
