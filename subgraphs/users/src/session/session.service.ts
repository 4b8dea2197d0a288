import { UserStatus } from "@booking/contracts";
import { AppError, Role, normaliseEmail, unauthenticated, ipBudgetKey, type Caller } from "@booking/common";
import { randomBytes } from "node:crypto";
import { assertLogin, assertPasswordInput, verifyDecoyPassword, verifyPassword } from "../account/credentials.js";
import type { OidcIdentity, OidcVerifier } from "../google/oidc-verifier.js";
import { accountAndIpBudgetKey, accountBudgetKey, type RateLimitName, type UsersRateLimits } from "../limits/rate-limits.js";
import type { UsersUnitOfWork } from "../repositories.js";
import type { UserRepository, UserRow, UserWithCredentials } from "../user/user.repository.js";
import type { RefreshTokenRepository } from "./refresh-token.repository.js";
import { Sessions, type IssuedSession } from "./sessions.js";

export interface SessionDeps {
  uow: UsersUnitOfWork;
  limits: UsersRateLimits;
  sessions: Sessions;
  oidc: OidcVerifier;
}

export interface AuthResult extends IssuedSession {
  user: UserRow;
}

/** Sign-in and sessions: the rules, for one request. */
export class SessionService {
  constructor(
    private readonly deps: SessionDeps,
    private readonly caller: Caller,
  ) {}

  /**
   * Email or username plus password. Unknown logins and wrong passwords get the same
   * answer in the same time; account state is told only to whoever knows the password.
   */
  async login(login: string, password: string): Promise<AuthResult> {
    const normalised = assertLogin(login);
    assertPasswordInput(password);
    const { limits } = this.deps;
    await limits.consume(["loginPerIp", ipBudgetKey(this.caller.clientIp)]);
    const user = await this.deps.uow.repositories.users.findByLogin(normalised);
    // Known and unknown logins meet the same budgets, the same answers and the same hashing.
    const account = accountBudgetKey(user, normalised);
    const budgets: [RateLimitName, string][] = [
      ["loginFailuresPerAccountAndIp", accountAndIpBudgetKey(account, this.caller.clientIp)],
      ["loginFailuresPerAccount", account],
    ];
    await limits.assertNotBlocked(...budgets);
    const passwordMatches = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyDecoyPassword(password);
    if (!user || !passwordMatches) {
      await limits.recordFailure(...budgets);
      throw new AppError("INVALID_CREDENTIALS", "Wrong login or password");
    }
    await limits.forgive(budgets[0]);
    assertMaySignIn(user);
    return this.startSession(user);
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const outcome = await this.deps.uow.transaction(async ({ users, refreshTokens }) => {
      const spent = await this.deps.sessions.spend(refreshTokens, refreshToken);
      if (typeof spent === "string") return spent;
      const user = await users.findById(spent.userId);
      if (!user || user.status !== UserStatus.ACTIVE) return "invalid" as const;
      const session = await this.deps.sessions.issue(refreshTokens, user, spent.familyId);
      return { ...session, user };
    });
    // A reused token's family was revoked in the committed transaction; now refuse.
    if (typeof outcome === "string") throw Sessions.invalidToken();
    return { ...outcome, user: publicRow(outcome.user) };
  }

  /** Ends the session of this refresh token. True whether or not the token was known. */
  async logout(refreshToken: string): Promise<boolean> {
    await this.deps.uow.transaction(({ refreshTokens }) => this.deps.sessions.end(refreshTokens, refreshToken));
    return true;
  }

  /** Ends every session of the caller, access tokens included. */
  async logoutAll(): Promise<boolean> {
    const viewer = this.caller.viewer;
    if (!viewer) throw unauthenticated();
    await this.deps.uow.transaction(async ({ users, refreshTokens }) => {
      await users.update(viewer.userId, { tokensValidAfter: new Date() });
      await this.deps.sessions.endAll(refreshTokens, viewer.userId);
    });
    return true;
  }

  /**
   * Google (or the configured issuer): the same person (issuer + subject) always finds the
   * same account; a first sign-in creates a verified, ACTIVE customer. An existing account with
   * the same email is linked only when that is safe: a CUSTOMER whose address was already
   * proven. Anything else (a VENDOR, an ADMIN, a suspended or unproven account) is FORBIDDEN
   * until its owner signs in with the password: an email provider's word must not hand over
   * an account with powers. Everything, session included, happens in one transaction, after
   * the checks: a refused sign-in writes nothing.
   */
  async loginWithGoogle(idToken: string): Promise<AuthResult> {
    await this.deps.limits.consume(["loginPerIp", ipBudgetKey(this.caller.clientIp)]);
    const identity = await this.deps.oidc.verify(idToken);
    const email = normaliseEmail(identity.email);
    const lastLoginAt = new Date();
    const { user, session } = await this.deps.uow.transaction(async ({ users, refreshTokens }) => {
      const user = (await users.findByIdentity(identity.issuer, identity.subject)) ?? (await this.linkOrCreate(users, refreshTokens, identity, email));
      assertMaySignIn(user);
      await users.update(user.id, { lastLoginAt });
      return { user, session: await this.deps.sessions.issue(refreshTokens, user) };
    });
    return { ...session, user: { ...publicRow(user), lastLoginAt } };
  }

  /** The account a first Google sign-in of this person gets (see `loginWithGoogle`). */
  private async linkOrCreate(users: UserRepository, refreshTokens: RefreshTokenRepository, identity: OidcIdentity, email: string): Promise<UserWithCredentials> {
    const sameEmail = await users.findByEmail(email);
    if (!sameEmail) {
      const created = await users.create({
        email,
        username: await availableUsername(users, email),
        passwordHash: null,
        firstName: identity.givenName,
        lastName: identity.familyName,
        role: Role.CUSTOMER,
        status: UserStatus.ACTIVE,
        emailVerified: true,
      });
      await users.linkIdentity(created.id, identity.issuer, identity.subject);
      return (await users.findById(created.id))!;
    }
    await users.lock(sameEmail.id);
    if (!sameEmail.emailVerified && sameEmail.status === UserStatus.PENDING_VERIFICATION) {
      // Nobody proved this address before Google did: whoever registered it may not own it,
      // so nothing they chose survives (password, role, profile), and no session of theirs.
      await users.update(sameEmail.id, {
        emailVerified: true,
        status: UserStatus.ACTIVE,
        passwordHash: null,
        role: Role.CUSTOMER,
        firstName: identity.givenName,
        lastName: identity.familyName,
        phone: null,
        tokensValidAfter: new Date(),
      });
      await this.deps.sessions.endAll(refreshTokens, sameEmail.id);
    } else {
      assertMaySignIn(sameEmail);
      if (sameEmail.role !== Role.CUSTOMER || !sameEmail.emailVerified) {
        throw new AppError("FORBIDDEN", "An account with this email exists: sign in with its password first, then link Google from there");
      }
    }
    await users.linkIdentity(sameEmail.id, identity.issuer, identity.subject);
    return (await users.findById(sameEmail.id))!;
  }

  private async startSession(user: UserWithCredentials): Promise<AuthResult> {
    const lastLoginAt = new Date();
    const session = await this.deps.uow.transaction(async ({ users, refreshTokens }) => {
      await users.update(user.id, { lastLoginAt });
      return this.deps.sessions.issue(refreshTokens, user);
    });
    return { ...session, user: { ...publicRow(user), lastLoginAt } };
  }
}

function assertMaySignIn(user: UserWithCredentials): void {
  if (user.status === UserStatus.SUSPENDED || user.status === UserStatus.DELETED) {
    throw new AppError("ACCOUNT_SUSPENDED", "This account is suspended");
  }
  if (!user.emailVerified || user.status === UserStatus.PENDING_VERIFICATION) {
    throw new AppError("EMAIL_NOT_VERIFIED", "Verify your email first");
  }
}

function publicRow(user: UserWithCredentials): UserRow {
  const { passwordHash: _hash, tokensValidAfter: _after, ...row } = user;
  return row;
}

/** The email's local part as a username, with a random suffix when it is taken. */
async function availableUsername(users: UserRepository, email: string): Promise<string> {
  const base = (email.split("@")[0] ?? "user").replace(/[^A-Za-z0-9._-]/g, "").replace(/^[._-]+|[._-]+$/g, "").slice(0, 20) || "user";
  const padded = base.length >= 3 ? base : `${base}user`;
  if (!(await users.usernameTaken(padded))) return padded;
  for (;;) {
    const candidate = `${padded}${randomBytes(3).toString("hex")}`;
    if (!(await users.usernameTaken(candidate))) return candidate;
  }
}
