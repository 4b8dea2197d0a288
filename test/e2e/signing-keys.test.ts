import { ACCESS_TOKEN } from "@booking/contracts";
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SignJWT, decodeProtectedHeader, importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../support/accounts.js";
import { codeOf } from "../support/errors.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { waitFor } from "../support/wait.js";

// Rotating the access-token signing key with the command an operator runs, against the users
// database of a running system: users reads its keys again every 100 ms here, and the router
// fetches the JWKS on every token, so each step is visible at once.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let system: TestSupergraph;

beforeAll(async () => {
  system = await startTestSupergraph({ env: { SIGNING_KEYS_RELOAD_MS: "100" }, routerEnv: { JWKS_CACHE_MS: "0" } });
});
afterAll(async () => system?.stop());

const ME = `{ me { id } }`;

async function rotate(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, "scripts/dist/keys-rotate.js")], {
    env: { ...process.env, USERS_DATABASE_URL: system.subgraphs.users.databaseUrl },
  });
  return /signing key (\S+) is in use/.exec(stdout)![1]!;
}

async function publishedKids(): Promise<string[]> {
  const jwks = (await (await fetch(new URL(ACCESS_TOKEN.jwksPath, system.subgraphs.users.url))).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe("rotating the token signing key", () => {
  it("keeps old tokens working until they expire, signs new ones with the new key, and drops a key retired longer than a token lifetime", async () => {
    const account = await signUp(system);
    const oldKid = kidOf(account.accessToken)!;

    const newKid = await rotate();
    expect(newKid).not.toBe(oldKid);
    // Running users instances pick the new key up without a restart.
    const fresh = await waitFor(async () => {
      const signedIn = await system.request(`mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }`, { l: account.email, p: "correct horse battery" });
      const token = signedIn.data?.login.accessToken as string | undefined;
      return token && kidOf(token) === newKid ? token : null;
    }, 10_000, "a token signed with the new key");
    expect((await system.request(ME, {}, { token: fresh })).data.me.id).toBe(account.id);
    // The old key is retired but still published: the token it signed works until it expires.
    expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect((await system.request(ME, {}, { token: account.accessToken })).data.me.id).toBe(account.id);

    // One token lifetime after its retirement, the old key is gone from the JWKS, and nothing
    // it signs is accepted: neither the old token nor one forged with the (stolen) old key.
    const users = system.subgraphs.users.db;
    await users.signingKey.update({ where: { kid: oldKid }, data: { retiredAt: new Date(Date.now() - ACCESS_TOKEN.lifetimeSeconds * 1000 - 1_000) } });
    await waitFor(async () => !(await publishedKids()).includes(oldKid), 10_000, "the old key to leave the JWKS");
    const stolen = await users.signingKey.findUniqueOrThrow({ where: { kid: oldKid } });
    const forged = await new SignJWT({ role: "CUSTOMER", iatMs: Date.now() })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: oldKid, typ: "JWT" })
      .setSubject(account.id)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(await importPKCS8(stolen.privateKey, ACCESS_TOKEN.algorithm));
    expect(codeOf(await system.request(ME, {}, { token: account.accessToken }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await system.request(ME, {}, { token: forged }))).toBe("UNAUTHENTICATED");
    expect((await system.request(ME, {}, { token: fresh })).data.me.id).toBe(account.id);
  }, 120_000);
});
