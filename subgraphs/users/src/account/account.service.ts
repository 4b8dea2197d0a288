import { UserStatus } from "@booking/contracts";
import { AppError, Role, badInput, optionalPhone, optionalText, requiredEmail, unauthenticated, ipBudgetKey, type Caller } from "@booking/common";
import { oneTimeCodes } from "../codes/code.service.js";
import { accountAndIpBudgetKey, accountBudgetKey, type RateLimitName, type UsersRateLimits } from "../limits/rate-limits.js";
import { passwordResetCodeMail, verificationCodeMail } from "../mail/messages.js";
import type { UsersUnitOfWork } from "../repositories.js";
import type { Sessions } from "../session/sessions.js";
import { emailTaken, usernameTaken } from "../user/user.errors.js";
import type { UserRow } from "../user/user.repository.js";
import { assertEmailInput, assertPasswordInput, assertStrongPassword, assertUsername, hashPassword, verifyPassword } from "./credentials.js";
import type { RegisterInput } from "../user/user.type.js";

export interface AccountDeps {
  uow: UsersUnitOfWork;
  limits: UsersRateLimits;
  sessions: Sessions;
}

/** Sign-up, email verification, passwords and profile: the rules, for one request. */
export class AccountService {
  constructor(
    private readonly deps: AccountDeps,
    private readonly caller: Caller,
  ) {}

  async register(input: RegisterInput): Promise<UserRow> {
    const email = requiredEmail(input.email);
    const username = assertUsername(input.username);
    assertStrongPassword(input.password);
    const role = input.role ?? Role.CUSTOMER;
    if (role === Role.ADMIN) throw badInput("role", "ADMIN cannot be self-assigned");
    const firstName = optionalText(input.firstName, "firstName", 100);
    const lastName = optionalText(input.lastName, "lastName", 100);
    const phone = optionalPhone(input.phone);
    await this.deps.limits.consume(["registerPerIp", ipBudgetKey(this.caller.clientIp)]);
    const passwordHash = await hashPassword(input.password);
    const user = await this.deps.uow.transaction(async ({ users, codes, mails }) => {
      if (await users.findByEmail(email)) throw emailTaken();
      if (await users.usernameTaken(username)) throw usernameTaken();
      const created = await users.create({
        email,
        username,
        passwordHash,
        firstName,
        lastName,
        phone,
        role,
        status: UserStatus.PENDING_VERIFICATION,
        emailVerified: false,
      });
      const code = await oneTimeCodes.issue(codes, created.id, "EMAIL_VERIFICATION");
      await mails.request(verificationCodeMail(email, code));
      return created;
    });
    return user;
  }

  async verifyEmail(email: string, code: string): Promise<UserRow> {
    const normalised = assertEmailInput(email);
    oneTimeCodes.assertShape(code);
    const budgets = await this.codeCheckBudgets(normalised);
    const outcome = await this.deps.uow.transaction(async ({ users, codes }) => {
      const user = await users.findByEmail(normalised);
      if (!user || user.emailVerified) return { check: "wrong" as const };
      const check = await oneTimeCodes.check(codes, user.id, "EMAIL_VERIFICATION", code);
      if (check !== "valid") return { check };
      const verified = await users.update(user.id, {
        emailVerified: true,
        ...(user.status === UserStatus.PENDING_VERIFICATION ? { status: UserStatus.ACTIVE } : {}),
      });
      return { check, verified };
    });
    await this.settleCodeCheck(budgets, outcome.check);
    oneTimeCodes.assertValid(outcome.check);
    return outcome.verified!;
  }

  /** Always true: whether the email exists, or is already verified, is nobody's business. */
  async requestEmailVerification(email: string): Promise<boolean> {
    const normalised = assertEmailInput(email);
    await this.spendCodeRequest(normalised);
    await this.deps.uow.transaction(async ({ users, codes, mails }) => {
      const user = await users.findByEmail(normalised);
      if (!user || user.emailVerified || user.status !== UserStatus.PENDING_VERIFICATION) return;
      await users.lock(user.id);
      const code = await oneTimeCodes.issue(codes, user.id, "EMAIL_VERIFICATION");
      await mails.request(verificationCodeMail(normalised, code));
    });
    return true;
  }

  /** Always true; a code is mailed only when the account exists and may sign in. */
  async requestPasswordReset(email: string): Promise<boolean> {
    const normalised = assertEmailInput(email);
    await this.spendCodeRequest(normalised);
    await this.deps.uow.transaction(async ({ users, codes, mails }) => {
      const user = await users.findByEmail(normalised);
      if (!user || user.status === UserStatus.SUSPENDED || user.status === UserStatus.DELETED) return;
      await users.lock(user.id);
      const code = await oneTimeCodes.issue(codes, user.id, "PASSWORD_RESET");
      await mails.request(passwordResetCodeMail(normalised, code));
    });
    return true;
  }

  /** Sets a new password with a mailed code and ends every session of the account. */
  async resetPassword(email: string, code: string, newPassword: string): Promise<boolean> {
    assertStrongPassword(newPassword, "newPassword");
    const normalised = assertEmailInput(email);
    oneTimeCodes.assertShape(code);
    const budgets = await this.codeCheckBudgets(normalised);
    const passwordHash = await hashPassword(newPassword);
    const check = await this.deps.uow.transaction(async ({ users, codes, refreshTokens }) => {
      const user = await users.findByEmail(normalised);
      if (!user) return "wrong" as const;
      await users.lock(user.id);
      const result = await oneTimeCodes.check(codes, user.id, "PASSWORD_RESET", code);
      if (result !== "valid") return result;
      // The code reached the mailbox, so the address is proven too.
      await users.update(user.id, {
        passwordHash,
        tokensValidAfter: new Date(),
        emailVerified: true,
        ...(user.status === UserStatus.PENDING_VERIFICATION ? { status: UserStatus.ACTIVE } : {}),
      });
      await this.deps.sessions.endAll(refreshTokens, user.id);
      return result;
    });
    await this.settleCodeCheck(budgets, check);
    oneTimeCodes.assertValid(check);
    return true;
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<boolean> {
    const viewer = this.requireViewer();
    assertStrongPassword(newPassword, "newPassword");
    assertPasswordInput(currentPassword, "currentPassword");
    // The same failure budgets as a sign-in: a stolen session cannot guess the password faster.
    const account = accountBudgetKey({ id: viewer.userId }, "");
    const budgets: [RateLimitName, string][] = [
      ["loginFailuresPerAccountAndIp", accountAndIpBudgetKey(account, this.caller.clientIp)],
      ["loginFailuresPerAccount", account],
    ];
    await this.deps.limits.assertNotBlocked(...budgets);
    const user = await this.deps.uow.repositories.users.findById(viewer.userId);
    if (!user) throw unauthenticated();
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.deps.limits.recordFailure(...budgets);
      throw new AppError("INVALID_CREDENTIALS", "The current password is wrong", { field: "currentPassword" });
    }
    const passwordHash = await hashPassword(newPassword);
    // A new password ends every refresh token: a stolen session cannot outlive the change
    // by more than one access token's 15 minutes. The caller signs in again to continue.
    await this.deps.uow.transaction(async ({ users, refreshTokens }) => {
      await users.update(user.id, { passwordHash });
      await this.deps.sessions.endAll(refreshTokens, user.id);
    });
    return true;
  }

  async updateProfile(changes: { firstName?: string | null; lastName?: string | null; phone?: string | null }): Promise<UserRow> {
    const viewer = this.requireViewer();
    const data = {
      firstName: optionalText(changes.firstName, "firstName", 100),
      lastName: optionalText(changes.lastName, "lastName", 100),
      phone: optionalPhone(changes.phone),
    };
    return this.deps.uow.repositories.users.update(viewer.userId, data);
  }

  /**
   * Spends a code request from the client's address and from the account it names (its id
   * when it exists, the address otherwise): a few an hour, and a cap per day.
   */
  private async spendCodeRequest(email: string): Promise<void> {
    const { limits, uow } = this.deps;
    await limits.consume(["codeRequestPerIp", ipBudgetKey(this.caller.clientIp)]);
    const account = accountBudgetKey(await uow.repositories.users.findByEmail(email), email);
    await limits.consume(["codeRequestPerAccountPerDay", account], ["codeRequestPerAccount", account]);
  }

  /**
   * Spends a code check from the client's address and refuses while the account's failure
   * budgets (per account and address, and per account per day) are blocked; returns them.
   */
  private async codeCheckBudgets(email: string): Promise<[RateLimitName, string][]> {
    const { limits, uow } = this.deps;
    await limits.consume(["codeCheckPerIp", ipBudgetKey(this.caller.clientIp)]);
    const account = accountBudgetKey(await uow.repositories.users.findByEmail(email), email);
    const budgets: [RateLimitName, string][] = [
      ["codeFailuresPerAccountAndIp", accountAndIpBudgetKey(account, this.caller.clientIp)],
      ["codeFailuresPerAccountPerDay", account],
    ];
    await limits.assertNotBlocked(...budgets);
    return budgets;
  }

  private async settleCodeCheck(budgets: [RateLimitName, string][], check: string): Promise<void> {
    if (check === "valid") await this.deps.limits.forgive(budgets[0]!);
    else await this.deps.limits.recordFailure(...budgets);
  }

  private requireViewer() {
    if (!this.caller.viewer) throw unauthenticated();
    return this.caller.viewer;
  }
}
