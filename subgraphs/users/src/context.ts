import type { Caller, RequestContext } from "@booking/common";
import { AccountService, type AccountDeps } from "./account/account.service.js";
import type { OidcVerifier } from "./google/oidc-verifier.js";
import { SessionService } from "./session/session.service.js";
import { UserService } from "./user/user.service.js";

export interface UsersContext extends RequestContext {
  users: UserService;
  accounts: AccountService;
  sessions: SessionService;
}

export interface UsersRuntime extends AccountDeps {
  oidc: OidcVerifier;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(runtime: UsersRuntime, caller: Caller): UsersContext {
  return {
    viewer: caller.viewer,
    users: new UserService(runtime.uow, runtime.sessions, caller.viewer),
    accounts: new AccountService(runtime, caller),
    sessions: new SessionService(runtime, caller),
  };
}
