import { describe, expect, it } from "vitest";
import { createUnitOfWork } from "../src/unit-of-work.js";

/** A client whose transactions are labelled objects, so a test can see which one a repository got. */
function fakeClient() {
  const log: string[] = [];
  let next = 0;
  const client = {
    name: "pool",
    async $transaction<R>(work: (tx: { name: string }) => Promise<R>, options?: { timeout?: number }): Promise<R> {
      const tx = { name: `tx${(next += 1)}` };
      log.push(`begin ${tx.name} ${options?.timeout ?? "-"}`);
      try {
        const result = await work(tx);
        log.push(`commit ${tx.name}`);
        return result;
      } catch (error) {
        log.push(`rollback ${tx.name}`);
        throw error;
      }
    },
  };
  return { client, log };
}

class NameRepository {
  constructor(private readonly client: { name: string }) {}
  where(): string {
    return this.client.name;
  }
}

describe("createUnitOfWork", () => {
  it("binds repositories to the pool, and to each transaction it runs", async () => {
    const { client, log } = fakeClient();
    const uow = createUnitOfWork(client, (db) => ({ names: new NameRepository(db) }));
    expect(uow.repositories.names.where()).toBe("pool");
    expect(await uow.transaction(async ({ names }) => names.where(), { timeout: 50 })).toBe("tx1");
    expect(await uow.transaction(async ({ names }) => names.where())).toBe("tx2");
    expect(log).toEqual(["begin tx1 50", "commit tx1", "begin tx2 -", "commit tx2"]);
  });

  it("rolls back and rethrows when the work throws", async () => {
    const { client, log } = fakeClient();
    const uow = createUnitOfWork(client, (db) => ({ names: new NameRepository(db) }));
    await expect(uow.transaction(async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(log).toEqual(["begin tx1 -", "rollback tx1"]);
  });
});
