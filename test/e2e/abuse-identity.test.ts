import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, mailRequestsTo, signUp, uniqueIdentity } from "../support/accounts.js";
import { failureOf } from "../support/errors.js";
import { startTestIssuer, type TestIssuer } from "../support/oidc-issuer.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

// Attacks on sign-in, through the router as a client makes them, with rate limits on. The
// router trusts X-Forwarded-For from loopback here, so each test can speak from its own address.

let system: TestSupergraph;
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await startTestIssuer();
  system = await startTestSupergraph({
    env: { RATE_LIMITS: "on", OIDC_ISSUER: issuer.issuer, GOOGLE_CLIENT_ID: issuer.clientId, OIDC_JWKS_COOLDOWN_MS: "0" },
    routerEnv: { TRUST_PROXY: "loopback" },
  });
});
afterAll(async () => {
  await system?.stop();
  await issuer?.close();
});

const LOGIN = `mutation($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken user { id } } }`;
const GOOGLE = `mutation($t: String!) { loginWithGoogle(idToken: $t) { accessToken user { id email role } } }`;

let nextAddress = 0;
/** A client address of its own for each caller (documentation range 198.18.0.0/15). */
function anotherAddress(): string {
  nextAddress += 1;
  return `198.18.${Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
}

function loginFrom(address: string, login: string, password: string) {
  return system.request(LOGIN, { login, password }, { headers: { "x-forwarded-for": address } });
}

/** What a client learns from an answer: its code and how long to wait. */
async function answerOf(address: string, login: string, password: string) {
  const result = await loginFrom(address, login, password);
  const failure = failureOf(result);
  return { code: failure?.code, retryAfter: failure?.retryAfter };
}

describe("memory exhaustion through sign-in names", () => {
  it("refuses 40 logins of 900 KB each before any limiter sees them: the users process keeps no more memory", async () => {
    // The subgraphs run in this process: collect garbage before each reading, so what is
    // compared is what the process still holds, not what it has yet to sweep.
    v8.setFlagsFromString("--expose-gc");
    const collectGarbage = vm.runInNewContext("gc") as () => void;
    const heapUsed = async () => {
      collectGarbage();
      const metrics = await (await fetch(new URL("/metrics", system.subgraphs.users.url))).text();
      return Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(metrics)![1]);
    };
    const address = anotherAddress();
    await loginFrom(address, "warm-up", "wrong password"); // first use builds the limiters and the decoy hash
    const before = await heapUsed();
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const result = await loginFrom(address, `${attempt}-${"x".repeat(900 * 1024)}@example.com`, "wrong password");
      expect(failureOf(result)).toEqual({ code: "BAD_USER_INPUT", field: "login" });
    }
    const grown = (await heapUsed()) - before;
    // 40 kept keys of 900 KB would hold 36 MB; a few MB of noise is allowed.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });

  it("answers a malformed login or email with BAD_USER_INPUT naming the field", async () => {
    expect(failureOf(await loginFrom(anotherAddress(), "has spaces in it", PASSWORD))).toEqual({ code: "BAD_USER_INPUT", field: "login" });
    expect(failureOf(await loginFrom(anotherAddress(), "not@an-email", PASSWORD))).toEqual({ code: "BAD_USER_INPUT", field: "login" });
    const reset = await system.request(`mutation($email: String!) { requestPasswordReset(email: $email) }`, { email: `${"y".repeat(100_000)}@example.com` });
    expect(failureOf(reset)).toEqual({ code: "BAD_USER_INPUT", field: "email" });
  });
});

describe("account lockout and guessing", () => {
  it("does not lock the owner out when someone else fails 10 times from another address", async () => {
    const victim = await signUp(system);
    const attacker = anotherAddress();
    const answers = [];
    for (let attempt = 0; attempt < 10; attempt += 1) answers.push((await answerOf(attacker, victim.email, "wrong password")).code);
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
    expect(answers.slice(5)).toEqual(Array(5).fill("RATE_LIMITED"));
    const owner = await loginFrom(anotherAddress(), victim.email, PASSWORD);
    expect(owner.errors).toBeUndefined();
    expect(owner.data.login.user.id).toBe(victim.id);
  });

  it("backs off rather than locks: a spent budget names a wait, and the right password waits too", async () => {
    const account = await signUp(system);
    const address = anotherAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) await loginFrom(address, account.email, "wrong password");
    const blocked = await answerOf(address, account.email, PASSWORD);
    expect(blocked.code).toBe("RATE_LIMITED");
    expect(blocked.retryAfter).toBeGreaterThan(0);
    expect(blocked.retryAfter).toBeLessThanOrEqual(60);
  });

  it("spends one budget for an account whether it is named by email or by username", async () => {
    const account = await signUp(system);
    const address = anotherAddress();
    const spellings = [account.email, account.username, account.email.toUpperCase(), account.username.toUpperCase(), ` ${account.email} `];
    for (const login of spellings) expect((await answerOf(address, login, "wrong password")).code).toBe("INVALID_CREDENTIALS");
    expect((await answerOf(address, account.username, "wrong password")).code).toBe("RATE_LIMITED");
    expect((await answerOf(address, account.email, "wrong password")).code).toBe("RATE_LIMITED");
  });

  it("makes many addresses together spend the account's larger budget, the same for every address", async () => {
    const account = await signUp(system);
    for (let attempt = 0; attempt < 50; attempt += 1) {
      expect((await answerOf(anotherAddress(), account.email, "wrong password")).code).toBe("INVALID_CREDENTIALS");
    }
    expect((await answerOf(anotherAddress(), account.email, PASSWORD)).code).toBe("RATE_LIMITED");
  });

  it("gives unknown and known logins the same answers, at the limit too", async () => {
    const known = await signUp(system);
    const unknown = uniqueIdentity("nobody").email;
    const [knownAddress, unknownAddress] = [anotherAddress(), anotherAddress()];
    const knownAnswers = [];
    const unknownAnswers = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      knownAnswers.push(await answerOf(knownAddress, known.email, "wrong password"));
      unknownAnswers.push(await answerOf(unknownAddress, unknown, "wrong password"));
    }
    expect(knownAnswers.map((answer) => answer.code)).toEqual([...Array(5).fill("INVALID_CREDENTIALS"), "RATE_LIMITED", "RATE_LIMITED"]);
    expect(unknownAnswers.map((answer) => answer.code)).toEqual(knownAnswers.map((answer) => answer.code));
    // Both wait out the same backoff (a second may pass between the two readings).
    for (let index = 5; index < 7; index += 1) expect(Math.abs(unknownAnswers[index]!.retryAfter! - knownAnswers[index]!.retryAfter!)).toBeLessThanOrEqual(1);
  });

  it("caps the codes an account is mailed per day, whichever address asks", async () => {
    const account = await signUp(system);
    const REQUEST_RESET = `mutation($email: String!) { requestPasswordReset(email: $email) }`;
    const codes = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      codes.push(failureOf(await system.request(REQUEST_RESET, { email: account.email }, { headers: { "x-forwarded-for": anotherAddress() } }))?.code);
    }
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, "RATE_LIMITED"]);
    expect((await mailRequestsTo(system, account.email)).filter((mail) => /reset/i.test(mail.subject)).length).toBeLessThanOrEqual(5);
  });
});

describe("Google sign-in", () => {
  async function snapshot(userId: string) {
    const users = system.subgraphs.users.db;
    return {
      user: await users.user.findUniqueOrThrow({ where: { id: userId } }),
      identities: await users.userIdentity.count({ where: { userId } }),
      sessions: await users.refreshToken.count({ where: { userId } }),
    };
  }

  it.each(["VENDOR", "ADMIN"] as const)("does not link a %s account with the same email: FORBIDDEN, nothing written", async (role) => {
    const account = await signUp(system, { role: "VENDOR" });
    if (role === "ADMIN") await system.subgraphs.users.db.user.update({ where: { id: account.id }, data: { role } });
    const before = await snapshot(account.id);
    const result = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `takeover-${account.id}`, email: account.email }) });
    expect(failureOf(result)?.code).toBe("FORBIDDEN");
    expect(result.data?.loginWithGoogle ?? null).toBeNull();
    expect(await snapshot(account.id)).toEqual(before);
    // A second try gets the same answer: no link was left behind.
    expect(failureOf(await system.request(GOOGLE, { t: await issuer.idToken({ sub: `takeover-${account.id}`, email: account.email }) }))?.code).toBe("FORBIDDEN");
  });

  it("answers ACCOUNT_SUSPENDED to a suspended account and writes nothing", async () => {
    const account = await signUp(system);
    await system.subgraphs.users.db.user.update({ where: { id: account.id }, data: { status: "SUSPENDED" } });
    const before = await snapshot(account.id);
    const result = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `suspended-${account.id}`, email: account.email }) });
    expect(failureOf(result)?.code).toBe("ACCOUNT_SUSPENDED");
    expect(await snapshot(account.id)).toEqual(before);
    expect(await system.subgraphs.users.db.userIdentity.count({ where: { subject: `suspended-${account.id}` } })).toBe(0);
  });

  it("still links a verified customer, and signs in a new person as a customer", async () => {
    const account = await signUp(system);
    const linked = await system.request(GOOGLE, { t: await issuer.idToken({ sub: `customer-${account.id}`, email: account.email }) });
    expect(linked.errors).toBeUndefined();
    expect(linked.data.loginWithGoogle.user).toMatchObject({ id: account.id, role: "CUSTOMER" });
  });
});
