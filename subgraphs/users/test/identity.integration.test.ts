import { ACCESS_TOKEN, VIEWER_STATUS_PATH } from "@booking/contracts";
import { usersSubgraph } from "@booking/users/subgraph";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBackboneFor } from "../../../test/support/events.js";
import { startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { codeOf, failureOf } from "../../../test/support/errors.js";
import { waitFor } from "../../../test/support/wait.js";

type Users = TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;

let users: Users;
let dataDir: string;
let backbone: Awaited<ReturnType<typeof eventBackboneFor>>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "users-"));
  // mail leaves through the event backbone (users' own consumer sends it)
  backbone = await eventBackboneFor("pg-boss");
  users = await startTestSubgraph(usersSubgraph, {
    ...backbone.env,
    DATA_DIR: dataDir,
    RATE_LIMITS: "on",
    ADMIN_EMAIL: "Operator@Example.com",
    ADMIN_PASSWORD: "operator password 1",
  });
});
afterAll(async () => {
  await users?.stop();
  await backbone?.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

const LOGIN = `mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken user { id role status email } } }`;

describe("users subgraph start-up and plumbing", () => {
  it("ensures the configured admin: active, verified, signing in with those credentials", async () => {
    const result = await subgraphRequest(users.url, LOGIN, { l: "operator@example.com", p: "operator password 1" }, { clientIp: "10.0.0.1" });
    expect(result.errors).toBeUndefined();
    expect(result.data.login.user).toMatchObject({ role: "ADMIN", status: "ACTIVE", email: "operator@example.com" });
  });

  it("publishes its public signing key as JWKS, and never the private half", async () => {
    const response = await fetch(new URL(ACCESS_TOKEN.jwksPath, users.url));
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("answers the viewer-status endpoint only when signed", async () => {
    const response = await fetch(new URL(VIEWER_STATUS_PATH, users.url), { method: "POST", body: JSON.stringify({ userId: "x" }) });
    expect(response.status).toBe(401);
  });

  it("writes mail to DATA_DIR/mail without SMTP, after the transaction commits", async () => {
    const email = "mailbox@example.com";
    const result = await subgraphRequest(
      users.url,
      `mutation($input: RegisterInput!) { register(input: $input) { id } }`,
      { input: { email, username: "mailbox", password: "long enough password" } },
      { clientIp: "10.0.0.2" },
    );
    expect(result.errors).toBeUndefined();
    const files = await waitFor(async () => {
      const written = await readdir(path.join(dataDir, "mail")).catch(() => []);
      return written.length > 0 ? written : undefined;
    }, 10_000, "the mail file");
    expect(files).toHaveLength(1);
    const text = await readFile(path.join(dataDir, "mail", files[0]!), "utf8");
    expect(text).toContain(`To: ${email}`);
    expect(text).toMatch(/verification code is \d{6}/);
    // asked for in the registering transaction, and recorded as sent by the mail consumer
    const [request] = await users.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM events.event_outbox WHERE type = 'mail.requested' AND payload->>'to' = ${email}`;
    expect(files[0]).toContain(request!.id);
    await waitFor(async () => (await users.db.$queryRaw<unknown[]>`SELECT 1 FROM events.processed_event WHERE consumer = 'users-send-mail' AND event_id = ${request!.id}::uuid`).length === 1, 5_000, "the processed mark");
  });

  it("rate-limits login failures per account and address, answering RATE_LIMITED with retryAfter", async () => {
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const result = await subgraphRequest(users.url, LOGIN, { l: "target@example.com", p: "wrong password" }, { clientIp: "10.1.0.1" });
      codes.push(codeOf(result));
      if (attempt === 5) expect(failureOf(result)?.retryAfter).toBeGreaterThan(0);
    }
    expect(codes).toEqual([...Array(5).fill("INVALID_CREDENTIALS"), "RATE_LIMITED"]);
    // The same account from another address still has its own budget.
    const elsewhere = await subgraphRequest(users.url, LOGIN, { l: "target@example.com", p: "wrong password" }, { clientIp: "10.1.0.2" });
    expect(codeOf(elsewhere)).toBe("INVALID_CREDENTIALS");
  });

  it("counts an IPv6 client's failures by its /64", async () => {
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const result = await subgraphRequest(users.url, LOGIN, { l: "six@example.com", p: "wrong password" }, { clientIp: `2001:db8:6:6::${attempt + 1}` });
      codes.push(codeOf(result));
    }
    expect(codes).toEqual([...Array(5).fill("INVALID_CREDENTIALS"), "RATE_LIMITED"]);
  });

  it("rate-limits code requests per email", async () => {
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const result = await subgraphRequest(users.url, `mutation { requestPasswordReset(email: "someone@example.com") }`, {}, { clientIp: `10.2.0.${attempt}` });
      codes.push(codeOf(result));
    }
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, "RATE_LIMITED"]);
  });
});
