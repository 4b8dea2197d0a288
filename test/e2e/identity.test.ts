import { SignJWT, importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, lastMailedCode, mailRequestsTo, signIn, signUp, signUpAdmin, uniqueIdentity } from "../support/accounts.js";
import { startTestIssuer, type TestIssuer } from "../support/oidc-issuer.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { codeOf, failureOf } from "../support/errors.js";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";

let system: TestSupergraph;
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await startTestIssuer();
  system = await startTestSupergraph({ env: { OIDC_ISSUER: issuer.issuer, GOOGLE_CLIENT_ID: issuer.clientId, OIDC_JWKS_COOLDOWN_MS: "0" } });
});
afterAll(async () => {
  await system?.stop();
  await issuer?.close();
});

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id email username role status emailVerified } }`;
const VERIFY = `mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { id status emailVerified } }`;
const LOGIN = `mutation($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken refreshToken expiresIn user { id email username role status } } }`;
const REFRESH = `mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken expiresIn user { id } } }`;
const ME = `{ me { id email username phone firstName lastName role status emailVerified lastLoginAt } }`;

async function userCount() {
  return system.subgraphs.users.db.user.count();
}

describe("register", () => {
  it("creates a PENDING_VERIFICATION user, shows the registrant its email, and mails a code", async () => {
    const { email, username } = uniqueIdentity();
    const result = await system.request(REGISTER, { input: { email: email.toUpperCase(), username, password: PASSWORD } });
    expect(result.errors).toBeUndefined();
    expect(result.data.register).toMatchObject({ email, username, role: "CUSTOMER", status: "PENDING_VERIFICATION", emailVerified: false });
    expect(await lastMailedCode(system, email)).toMatch(/^\d{6}$/);
    const stored = await system.subgraphs.users.db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ["email", { email: "not-an-email" }],
    ["password", { password: "short" }],
    ["username", { username: "a" }],
    ["role", { role: "ADMIN" }],
    ["phone", { phone: "call me maybe" }],
  ])("rejects a bad %s with BAD_USER_INPUT and writes nothing", async (field, override) => {
    const before = await userCount();
    const result = await system.request(REGISTER, { input: { ...uniqueIdentity(), password: PASSWORD, ...override } });
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(failureOf(result)?.field).toBe(field);
    expect(await userCount()).toBe(before);
  });

  it("refuses a used email or username whatever their case", async () => {
    const { email, username } = uniqueIdentity();
    expect((await system.request(REGISTER, { input: { email, username, password: PASSWORD } })).errors).toBeUndefined();
    const before = await userCount();
    const sameEmail = await system.request(REGISTER, { input: { email: email.toUpperCase(), username: `${username}x`, password: PASSWORD } });
    expect(codeOf(sameEmail)).toBe("EMAIL_TAKEN");
    const sameName = await system.request(REGISTER, { input: { email: `x${email}`, username: username.toUpperCase(), password: PASSWORD } });
    expect(codeOf(sameName)).toBe("USERNAME_TAKEN");
    expect(await userCount()).toBe(before);
  });

  it("lets exactly one of many simultaneous registrations of one email win", async () => {
    const { email, username } = uniqueIdentity();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => system.request(REGISTER, { input: { email, username: `${username}${index}`, password: PASSWORD } })),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => codeOf(result) === "EMAIL_TAKEN")).toHaveLength(7);
  });
});

describe("email verification and login", () => {
  it("refuses login before verification, then activates with the mailed code", async () => {
    const { email, username } = uniqueIdentity();
    await system.request(REGISTER, { input: { email, username, password: PASSWORD } });
    expect(codeOf(await system.request(LOGIN, { login: email, password: PASSWORD }))).toBe("EMAIL_NOT_VERIFIED");
    // Wrong password first: account state is never told to someone without the password.
    expect(codeOf(await system.request(LOGIN, { login: email, password: "wrong password!" }))).toBe("INVALID_CREDENTIALS");

    const verified = await system.request(VERIFY, { email, code: await lastMailedCode(system, email) });
    expect(verified.data.verifyEmail).toMatchObject({ status: "ACTIVE", emailVerified: true });

    const byUsername = await system.request(LOGIN, { login: username.toUpperCase(), password: PASSWORD });
    expect(byUsername.errors).toBeUndefined();
    expect(byUsername.data.login).toMatchObject({ expiresIn: 900, user: { email, username, role: "CUSTOMER", status: "ACTIVE" } });
    const me = await system.request(ME, {}, { token: byUsername.data.login.accessToken });
    expect(me.data.me).toMatchObject({ email, username, emailVerified: true });
    expect(me.data.me.lastLoginAt).not.toBeNull();
  });

  it("matches usernames exactly, whatever their case: '_' and '%' are no wildcards", async () => {
    const { email, username } = uniqueIdentity("wild");
    await system.request(REGISTER, { input: { email, username: `${username}_x`, password: PASSWORD } });
    await system.request(VERIFY, { email, code: await lastMailedCode(system, email) });
    // "%" cannot be in a username: refused for its shape before any lookup.
    expect(codeOf(await system.request(LOGIN, { login: `${username}%`, password: PASSWORD }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await system.request(LOGIN, { login: `${username}_X`.replace("_X", "ax"), password: PASSWORD }))).toBe("INVALID_CREDENTIALS");
    expect((await system.request(LOGIN, { login: `${username}_X`.toUpperCase(), password: PASSWORD })).errors).toBeUndefined();
    const other = uniqueIdentity("wild");
    const similar = await system.request(REGISTER, { input: { email: other.email, username: `${username}ax`, password: PASSWORD } });
    expect(similar.errors).toBeUndefined();
  });

  it("gives one answer for an unknown login and a wrong password", async () => {
    const account = await signUp(system);
    const unknown = await system.request(LOGIN, { login: "nobody@example.com", password: PASSWORD });
    const wrong = await system.request(LOGIN, { login: account.email, password: "not the password" });
    expect(codeOf(unknown)).toBe("INVALID_CREDENTIALS");
    expect(codeOf(wrong)).toBe("INVALID_CREDENTIALS");
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it("kills a code after five wrong tries, and a new code supersedes the old one", async () => {
    const { email, username } = uniqueIdentity();
    await system.request(REGISTER, { input: { email, username, password: PASSWORD } });
    const code = await lastMailedCode(system, email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(codeOf(await system.request(VERIFY, { email, code: wrong }))).toBe("INVALID_CODE");
    }
    expect(codeOf(await system.request(VERIFY, { email, code }))).toBe("TOO_MANY_ATTEMPTS");

    expect((await system.request(`mutation($email: String!) { requestEmailVerification(email: $email) }`, { email })).data).toEqual({ requestEmailVerification: true });
    const second = await lastMailedCode(system, email);
    expect((await system.request(`mutation($email: String!) { requestEmailVerification(email: $email) }`, { email })).errors).toBeUndefined();
    const third = await lastMailedCode(system, email);
    if (second !== third) expect(codeOf(await system.request(VERIFY, { email, code: second }))).toBe("INVALID_CODE");
    expect((await system.request(VERIFY, { email, code: third })).errors).toBeUndefined();
    expect(codeOf(await system.request(VERIFY, { email, code: third }))).toBe("INVALID_CODE");
  });

  it("refuses an expired code", async () => {
    const { email, username } = uniqueIdentity();
    await system.request(REGISTER, { input: { email, username, password: PASSWORD } });
    const code = await lastMailedCode(system, email);
    await system.subgraphs.users.db.oneTimeCode.updateMany({ where: { user: { email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(codeOf(await system.request(VERIFY, { email, code }))).toBe("INVALID_CODE");
  });

  it("answers true for unknown emails without mailing anything", async () => {
    const before = (await mailRequestsTo(system, "ghost@example.com")).length;
    const verification = await system.request(`mutation { requestEmailVerification(email: "ghost@example.com") }`);
    const reset = await system.request(`mutation { requestPasswordReset(email: "ghost@example.com") }`);
    expect(verification.data).toEqual({ requestEmailVerification: true });
    expect(reset.data).toEqual({ requestPasswordReset: true });
    expect(await mailRequestsTo(system, "ghost@example.com")).toHaveLength(before);
    expect(codeOf(await system.request(VERIFY, { email: "ghost@example.com", code: "123456" }))).toBe("INVALID_CODE");
  });
});

describe("sessions", () => {
  it("rotates refresh tokens and revokes the whole family when a rotated one is reused", async () => {
    const account = await signUp(system);
    const first = await system.request(REFRESH, { token: account.refreshToken });
    expect(first.errors).toBeUndefined();
    expect(first.data.refreshToken.refreshToken).not.toBe(account.refreshToken);
    expect(first.data.refreshToken.user.id).toBe(account.id);

    const reuse = await system.request(REFRESH, { token: account.refreshToken });
    expect(codeOf(reuse)).toBe("INVALID_TOKEN");
    // The thief's reuse also ends the legitimate holder's newer token.
    expect(codeOf(await system.request(REFRESH, { token: first.data.refreshToken.refreshToken }))).toBe("INVALID_TOKEN");
    // Another sign-in is another family and lives on.
    const other = await signIn(system, account.email);
    expect((await system.request(REFRESH, { token: other.refreshToken })).errors).toBeUndefined();
  });

  it("lets only one of two simultaneous rotations of a token succeed", async () => {
    const account = await signUp(system);
    const results = await Promise.all([1, 2, 3].map(() => system.request(REFRESH, { token: account.refreshToken })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => codeOf(result) === "INVALID_TOKEN")).toHaveLength(2);
  });

  it("refuses unknown and expired refresh tokens", async () => {
    expect(codeOf(await system.request(REFRESH, { token: "made-up" }))).toBe("INVALID_TOKEN");
    const account = await signUp(system);
    await system.subgraphs.users.db.refreshToken.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(codeOf(await system.request(REFRESH, { token: account.refreshToken }))).toBe("INVALID_TOKEN");
  });

  it("logout ends one session; logoutAll ends every session and voids access tokens", async () => {
    const account = await signUp(system);
    const second = await signIn(system, account.email);
    expect((await system.request(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: account.refreshToken })).data).toEqual({ logout: true });
    expect(codeOf(await system.request(REFRESH, { token: account.refreshToken }))).toBe("INVALID_TOKEN");
    expect((await system.request(ME, {}, { token: second.accessToken })).data.me.id).toBe(account.id);

    expect(codeOf(await system.request(`mutation { logoutAll }`))).toBe("UNAUTHENTICATED");
    expect((await system.request(`mutation { logoutAll }`, {}, { token: second.accessToken })).data).toEqual({ logoutAll: true });
    expect(codeOf(await system.request(REFRESH, { token: second.refreshToken }))).toBe("INVALID_TOKEN");
    expect(codeOf(await system.request(ME, {}, { token: second.accessToken }))).toBe("UNAUTHENTICATED");
    const again = await signIn(system, account.email);
    expect((await system.request(ME, {}, { token: again.accessToken })).data.me.id).toBe(account.id);
  });

  it("answers anonymous callers with me = null and refuses forged, expired and malformed tokens", async () => {
    expect((await system.request(ME)).data).toEqual({ me: null });
    const account = await signUp(system);
    const [header, payload] = account.accessToken.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "ADMIN" })).toString("base64url")}.${account.accessToken.split(".")[2]}`;
    expect(codeOf(await system.request(ME, {}, { token: forged }))).toBe("UNAUTHENTICATED");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    expect(codeOf(await system.request(ME, {}, { token: unsigned }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await system.request(ME, {}, { headers: { authorization: "Basic abc" } }))).toBe("UNAUTHENTICATED");

    const key = await system.subgraphs.users.db.signingKey.findFirstOrThrow();
    const expired = await new SignJWT({ role: "CUSTOMER" })
      .setProtectedHeader({ alg: "EdDSA", kid: key.kid })
      .setSubject(account.id)
      .setIssuer("booking-users")
      .setAudience("booking-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(await importPKCS8(key.privateKey, "EdDSA"));
    const result = await system.request(ME, {}, { token: expired });
    expect(codeOf(result)).toBe("UNAUTHENTICATED");
    expect(result.data?.me).toBeUndefined();
  });
});

describe("passwords and profile", () => {
  it("resets a password with a mailed code and ends every session", async () => {
    const account = await signUp(system);
    expect((await system.request(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: account.email })).data).toEqual({ requestPasswordReset: true });
    const code = await lastMailedCode(system, account.email);
    const RESET = `mutation($e: String!, $c: String!, $p: String!) { resetPassword(email: $e, code: $c, newPassword: $p) }`;
    const weak = await system.request(RESET, { e: account.email, c: code, p: "short" });
    expect(codeOf(weak)).toBe("BAD_USER_INPUT");
    expect(failureOf(weak)?.field).toBe("newPassword");
    expect(codeOf(await system.request(RESET, { e: account.email, c: "999999" === code ? "888888" : "999999", p: "a brand new password" }))).toBe("INVALID_CODE");
    expect((await system.request(RESET, { e: account.email, c: code, p: "a brand new password" })).data).toEqual({ resetPassword: true });

    expect(codeOf(await system.request(REFRESH, { token: account.refreshToken }))).toBe("INVALID_TOKEN");
    expect(codeOf(await system.request(ME, {}, { token: account.accessToken }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await system.request(LOGIN, { login: account.email, password: PASSWORD }))).toBe("INVALID_CREDENTIALS");
    expect((await system.request(LOGIN, { login: account.email, password: "a brand new password" })).errors).toBeUndefined();
    expect(codeOf(await system.request(RESET, { e: account.email, c: code, p: "yet another password" }))).toBe("INVALID_CODE");
  });

  it("changes a password only with the current one", async () => {
    const account = await signUp(system);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    expect(codeOf(await system.request(CHANGE, { c: PASSWORD, n: "another long password" }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await system.request(CHANGE, { c: "not my password", n: "another long password" }, { token: account.accessToken }))).toBe("INVALID_CREDENTIALS");
    expect(codeOf(await system.request(CHANGE, { c: PASSWORD, n: "short" }, { token: account.accessToken }))).toBe("BAD_USER_INPUT");
    expect((await system.request(CHANGE, { c: PASSWORD, n: "another long password" }, { token: account.accessToken })).data).toEqual({ changePassword: true });
    expect((await system.request(LOGIN, { login: account.email, password: "another long password" })).errors).toBeUndefined();
    // Sessions from before the change cannot be renewed.
    expect(codeOf(await system.request(REFRESH, { token: account.refreshToken }))).toBe("INVALID_TOKEN");
  });

  it("updates the caller's own profile and validates it", async () => {
    const account = await signUp(system);
    const UPDATE = `mutation($f: String, $l: String, $p: String) { updateProfile(firstName: $f, lastName: $l, phone: $p) { id firstName lastName phone } }`;
    expect(codeOf(await system.request(UPDATE, { f: "Ann" }))).toBe("UNAUTHENTICATED");
    const bad = await system.request(UPDATE, { p: "not a phone" }, { token: account.accessToken });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(failureOf(bad)?.field).toBe("phone");
    const updated = await system.request(UPDATE, { f: " Ann ", l: "Lee", p: "+49 30 1234567" }, { token: account.accessToken });
    expect(updated.data.updateProfile).toEqual({ id: account.id, firstName: "Ann", lastName: "Lee", phone: "+49 30 1234567" });
  });
});

describe("admins", () => {
  it("keep user lists to admins, and show nobody else's contact details", async () => {
    const customer = await signUp(system);
    const other = await signUp(system);
    const admin = await signUpAdmin(system);
    const USERS = `query($f: UserFilter) { users(filter: $f, first: 5) { totalCount edges { node { id email role } } } }`;
    expect(codeOf(await system.request(USERS, {}))).toBe("UNAUTHENTICATED");
    expect(codeOf(await system.request(USERS, {}, { token: customer.accessToken }))).toBe("FORBIDDEN");
    expect(codeOf(await system.request(`query($id: ID!) { user(id: $id) { id } }`, { id: other.id }, { token: customer.accessToken }))).toBe("FORBIDDEN");

    const found = await system.request(USERS, { f: { search: other.username } }, { token: admin.accessToken });
    expect(found.data.users).toEqual({ totalCount: 1, edges: [{ node: { id: other.id, email: other.email, role: "CUSTOMER" } }] });
    const byId = await system.request(`query($id: ID!) { user(id: $id) { id email } }`, { id: other.id }, { token: admin.accessToken });
    expect(byId.data.user).toEqual({ id: other.id, email: other.email });
    expect((await system.request(`query { user(id: "nope") { id } }`, {}, { token: admin.accessToken })).data).toEqual({ user: null });
  });

  it("suspend a user: the token stops working at once, login and refresh fail", async () => {
    const customer = await signUp(system);
    const admin = await signUpAdmin(system);
    const SET = `mutation($id: ID!, $s: UserStatus!) { setUserStatus(id: $id, status: $s) { id status } }`;
    expect(codeOf(await system.request(SET, { id: customer.id, s: "SUSPENDED" }, { token: customer.accessToken }))).toBe("FORBIDDEN");
    expect(codeOf(await system.request(SET, { id: "00000000-0000-4000-8000-000000000000", s: "SUSPENDED" }, { token: admin.accessToken }))).toBe("NOT_FOUND");
    expect((await system.request(SET, { id: customer.id, s: "SUSPENDED" }, { token: admin.accessToken })).data.setUserStatus).toEqual({ id: customer.id, status: "SUSPENDED" });

    expect(codeOf(await system.request(ME, {}, { token: customer.accessToken }))).toBe("ACCOUNT_SUSPENDED");
    expect(codeOf(await system.request(LOGIN, { login: customer.email, password: PASSWORD }))).toBe("ACCOUNT_SUSPENDED");
    expect(codeOf(await system.request(REFRESH, { token: customer.refreshToken }))).toBe("INVALID_TOKEN");

    await system.request(SET, { id: customer.id, s: "ACTIVE" }, { token: admin.accessToken });
    expect((await system.request(LOGIN, { login: customer.email, password: PASSWORD })).errors).toBeUndefined();
  });
});

describe("Google sign-in", () => {
  const GOOGLE = `mutation($t: String!) { loginWithGoogle(idToken: $t) { accessToken refreshToken expiresIn user { id email role status emailVerified } } }`;

  it("creates a verified customer once, then finds the same one", async () => {
    const { email } = uniqueIdentity("google");
    const first = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `sub-${email}`, email, given_name: "Gia" }) });
    expect(first.errors).toBeUndefined();
    expect(first.data.loginWithGoogle.user).toMatchObject({ email, role: "CUSTOMER", status: "ACTIVE", emailVerified: true });
    const second = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `sub-${email}`, email }) });
    expect(second.data.loginWithGoogle.user.id).toBe(first.data.loginWithGoogle.user.id);
    const me = await system.request(ME, {}, { token: second.data.loginWithGoogle.accessToken });
    expect(me.data.me).toMatchObject({ email, firstName: "Gia" });
  });

  it("follows the issuer's key rotation: a token signed with a new key works once its JWKS has it", async () => {
    const { email } = uniqueIdentity("rotate");
    expect((await system.request(GOOGLE, { t: await issuer.idToken({ sub: `rot-${email}`, email }) })).errors).toBeUndefined();
    await issuer.rotateKey();
    const afterRotation = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `rot-${email}`, email }) });
    expect(afterRotation.errors).toBeUndefined();
    expect(afterRotation.data.loginWithGoogle.user.email).toBe(email);
  });

  it("links an existing account with the same email instead of duplicating it", async () => {
    const account = await signUp(system);
    const result = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `linked-${account.id}`, email: account.email.toUpperCase() }) });
    expect(result.data.loginWithGoogle.user.id).toBe(account.id);
    expect(await system.subgraphs.users.db.user.count({ where: { email: account.email } })).toBe(1);
  });

  it("does not hand an account registered (but never verified) by someone else to its squatter", async () => {
    const { email, username } = uniqueIdentity("victim");
    await system.request(REGISTER, { input: { email, username, password: "squatter password", role: "VENDOR" } });
    const google = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `victim-${email}`, email }) });
    expect(google.data.loginWithGoogle.user).toMatchObject({ email, role: "CUSTOMER", status: "ACTIVE", emailVerified: true });
    expect(codeOf(await system.request(LOGIN, { login: email, password: "squatter password" }))).toBe("INVALID_CREDENTIALS");
    expect(codeOf(await system.request(LOGIN, { login: username, password: "squatter password" }))).toBe("INVALID_CREDENTIALS");
  });

  it("refuses tokens for another audience, from another issuer, expired, or without a verified email", async () => {
    const { email } = uniqueIdentity("google");
    const cases = [
      await issuer.idToken({ sub: "a", email }, { audience: "someone-else" }),
      await issuer.idToken({ sub: "b", email }, { issuer: "https://evil.example.com" }),
      await issuer.idToken({ sub: "c", email }, { expiresIn: Math.floor(Date.now() / 1000) - 10 }),
      await issuer.idToken({ sub: "d", email, email_verified: false }),
      "not.a.token",
    ];
    for (const token of cases) expect(codeOf(await system.request(GOOGLE, { t: token }))).toBe("UNAUTHENTICATED");
    expect(await system.subgraphs.users.db.user.count({ where: { email } })).toBe(0);
  });
});

describe("the trust chain", () => {
  it("has every subgraph refuse unsigned requests, _entities and _service included", async () => {
    for (const [name, subgraph] of Object.entries(system.subgraphs)) {
      for (const query of [`{ _service { sdl } }`, `query { _entities(representations: [{ __typename: "User", id: "x" }]) { __typename } }`]) {
        const response = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
        expect(response.status, name).toBe(401);
        const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(body.data, name).toBeUndefined();
        expect(codeOf(body), name).toBe("UNAUTHENTICATED");
      }
    }
  });

  it("refuses a signed request whose body was changed on the way, or that is aimed elsewhere", async () => {
    const { signRequest } = await import("@booking/common");
    const secret = "test-internal-secret-0123456789abcdef0123456789";
    const body = JSON.stringify({ query: "{ me { id } }" });
    const url = system.subgraphs.users.url;
    const headers = signRequest(secret, { audience: "users", method: "POST", url }, body, { viewer: null, clientIp: null });
    const tampered = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ users { totalCount } }" }) });
    expect(tampered.status).toBe(401);
    const asSigned = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect(asSigned.status).toBe(200);
    // The same signature replayed at another endpoint of another service is refused.
    const elsewhere = await fetch(new URL("/internal/resource-facts", system.subgraphs.resources.url), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect(elsewhere.status).toBe(401);
  });

  it("refuses a request signed for one subgraph at another: the audience is signed", async () => {
    const { signRequest } = await import("@booking/common");
    const body = JSON.stringify({ query: "{ _service { sdl } }" });
    const forUsers = signRequest(TEST_INTERNAL_SECRET, { audience: "users", method: "POST", url: "/graphql" }, body, { viewer: null, clientIp: null });
    const send = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...forUsers }, body });
    expect((await send(system.subgraphs.users.url)).status).toBe(200);
    for (const name of ["bookings", "businesses", "resources", "payments"] as const) {
      const replayed = await send(system.subgraphs[name].url);
      expect(replayed.status, name).toBe(401);
      expect(codeOf((await replayed.json()) as { errors: { extensions: { code: string } }[] }), name).toBe("UNAUTHENTICATED");
    }
  });
});
