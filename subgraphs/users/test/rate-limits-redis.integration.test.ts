import { usersSubgraph } from "@booking/users/subgraph";
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSubgraph, subgraphRequest, type TestSubgraph } from "../../../test/support/subgraph.js";
import { codeOf } from "../../../test/support/errors.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAnswers();
if (!available) console.warn(`skipping the Redis rate-limit tests: no Redis answers at ${REDIS_URL} (set TEST_REDIS_URL)`);

describe.skipIf(!available)("rate limits shared through Redis (REDIS_URL)", () => {
  let first: TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;
  let second: TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;

  beforeAll(async () => {
    const env = { RATE_LIMITS: "on", REDIS_URL };
    [first, second] = await Promise.all([startTestSubgraph(usersSubgraph, env), startTestSubgraph(usersSubgraph, env)]);
  });
  afterAll(async () => Promise.all([first?.stop(), second?.stop()]));

  it("counts failures across instances: the sixth wrong login of one account from one address is held back wherever it lands", async () => {
    const login = `shared-${randomBytes(4).toString("hex")}@example.com`;
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const instance = attempt % 2 === 0 ? first : second;
      const result = await subgraphRequest(instance.url, `mutation($l: String!) { login(login: $l, password: "wrong password") { accessToken } }`, { l: login }, { clientIp: "10.9.0.1" });
      codes.push(codeOf(result));
    }
    // five failures per account and address (spent on both instances), then a wait, on both instances too
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });
});
