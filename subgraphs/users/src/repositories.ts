import type { UnitOfWorkOf } from "@booking/common";
import { EventInboxRepository } from "@booking/events";
import { CodeRepository } from "./codes/code.repository.js";
import { MailRequestRepository } from "./mail/mail-request.repository.js";
import { RefreshTokenRepository } from "./session/refresh-token.repository.js";
import { SigningKeyRepository } from "./tokens/signing-key.repository.js";
import { UserRepository, type DbClient } from "./user/user.repository.js";

/** Every repository of the users database, on one client (the pool or a transaction's). */
export function usersRepositories(db: DbClient) {
  return {
    users: new UserRepository(db),
    codes: new CodeRepository(db),
    refreshTokens: new RefreshTokenRepository(db),
    mails: new MailRequestRepository(db),
    signingKeys: new SigningKeyRepository(db),
    inbox: new EventInboxRepository(db),
  };
}

/** What services get: repositories on the pool, and transactions over them. */
export type UsersUnitOfWork = UnitOfWorkOf<typeof usersRepositories>;
