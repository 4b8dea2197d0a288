import { createPrismaClient, createUnitOfWork, internalRoute, type SubgraphDefinition } from "@booking/common";
import { applyEventMigrations, startServiceEvents } from "@booking/events";
import { ACCESS_TOKEN, VIEWER_STATUS_PATH } from "@booking/contracts";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "./account/credentials.js";
import { readUsersConfig } from "./config.js";
import { createContext, type UsersContext } from "./context.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { OidcVerifier } from "./google/oidc-verifier.js";
import { usersRateLimits } from "./limits/rate-limits.js";
import { bookingMailConsumer } from "./mail/booking-mail.consumer.js";
import { mailConsumer } from "./mail/mail.consumer.js";
import { createMailTransport } from "./mail/mail.transport.js";
import { usersRepositories, type UsersUnitOfWork } from "./repositories.js";
import { buildUsersSchema } from "./schema.js";
import { Sessions } from "./session/sessions.js";
import { SigningKeys } from "./tokens/signing-keys.js";
import { serveCustomerContact } from "./user/customer-contact.js";
import { ensureAdmin, viewerStatus } from "./user/user.service.js";

/** The users database's unit of work on this client (tests build services on it too). */
export function usersUnitOfWork(db: PrismaClient): UsersUnitOfWork {
  return createUnitOfWork(db, usersRepositories);
}

export const usersSubgraph: SubgraphDefinition<PrismaClient, UsersContext> = {
  name: "users",
  migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
  // a migration moved the old mail outbox's unsent mail into the backbone's outbox
  migrateFirst: applyEventMigrations,
  connect: (databaseUrl, options) => createPrismaClient(PrismaClient, databaseUrl, options),
  buildSchema: buildUsersSchema,

  async setUp(db, { env, internalSecret, databaseUrl, metrics }) {
    const config = readUsersConfig(env);
    const uow = usersUnitOfWork(db);
    const keys = await SigningKeys.load(uow.repositories.signingKeys, config.signingKeysReloadMs);
    const limits = usersRateLimits({ enabled: config.rateLimits, redisUrl: config.redisUrl });
    await limits.ready();
    // Background work gets a small pool of its own, apart from the requests' connections.
    const backgroundDb = createPrismaClient(PrismaClient, databaseUrl, { poolSize: 2, metrics, poolName: "background" });
    const background = usersUnitOfWork(backgroundDb);
    const sendMail = createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: path.join(config.dataDir, "mail"), production: config.production });
    if (config.admin) await ensureAdmin(uow, config.admin, hashPassword);
    const events = await startServiceEvents("users", { databaseUrl, ...config.events, metrics, consumers: [mailConsumer(background, sendMail), bookingMailConsumer(background)] });
    const runtime = {
      uow,
      limits,
      sessions: new Sessions(keys),
      oidc: new OidcVerifier(config.oidcIssuer, config.googleClientId, config.oidcJwksCooldownMs),
    };
    return {
      createContext: (caller) => createContext(runtime, caller),
      routes(app) {
        app.get(ACCESS_TOKEN.jwksPath, (_request, response) => {
          response.set("cache-control", "public, max-age=300").json(keys.jwks());
        });
        // The router asks here, signed, whether a token's user may still act and with which role.
        internalRoute(app, VIEWER_STATUS_PATH, internalSecret, async (body: { userId?: unknown } | null) => ({
          viewer: typeof body?.userId === "string" ? await viewerStatus(uow.repositories.users, body.userId) : null,
        }));
        serveCustomerContact(app, uow.repositories.users, internalSecret);
      },
      async stop() {
        await events.stop();
        await backgroundDb.$disconnect();
        await limits.close();
        keys.stop();
      },
    };
  },
};
