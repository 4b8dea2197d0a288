import { Role } from "@booking/common";
import { usersSubgraph } from "@booking/users/subgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subgraphRequest, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { codeOf } from "../../../test/support/errors.js";

let subgraph: TestSubgraph<Awaited<ReturnType<typeof usersSubgraph.connect>>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(usersSubgraph);
});
afterAll(async () => subgraph?.stop());

describe("users subgraph", () => {
  it("resolves user references from the database in one query, hiding contact details", async () => {
    const rows = await Promise.all(
      ["ada", "grace", "linus"].map((username) =>
        subgraph.db.user.create({ data: { email: `${username}@example.com`, username, role: "CUSTOMER", status: "ACTIVE" } }),
      ),
    );
    subgraph.resetQueries();
    const result = await subgraphRequest(
      subgraph.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id username email role } } }`,
      { representations: [...rows.map((row) => ({ __typename: "User", id: row.id })), { __typename: "User", id: "not-a-uuid" }] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      ...rows.map((row) => ({ id: row.id, username: row.username, email: null, role: "CUSTOMER" })),
      null,
    ]);
    expect(subgraph.queries).toHaveLength(1);
  });

  it("refuses the admin-only user list to anonymous callers", async () => {
    const result = await subgraphRequest(subgraph.url, `{ users { totalCount } }`);
    expect(codeOf(result)).toBe("UNAUTHENTICATED");
  });

  it("refuses unsigned requests, _entities included", async () => {
    const result = await subgraphRequest(subgraph.url, `{ _service { sdl } }`, {}, { signed: false });
    expect(codeOf(result)).toBe("UNAUTHENTICATED");
    expect(result.data).toBeUndefined();
  });

  it("shows an admin the user list, with contact details", async () => {
    const admin = await subgraph.db.user.create({ data: { email: "root@example.com", username: "root", role: "ADMIN", status: "ACTIVE" } });
    const result = await subgraphRequest(subgraph.url, `{ users(filter: { search: "ROOT" }) { totalCount edges { node { id email } } } }`, {}, { viewer: { userId: admin.id, role: Role.ADMIN } });
    expect(result.errors).toBeUndefined();
    expect(result.data.users).toEqual({ totalCount: 1, edges: [{ node: { id: admin.id, email: "root@example.com" } }] });
  });

  it("keeps emails unique whatever their case, in the database", async () => {
    await subgraph.db.user.create({ data: { email: "case@example.com", username: "case1" } });
    await expect(subgraph.db.$executeRawUnsafe(`INSERT INTO users (email, username) VALUES ('Case@Example.com', 'case2')`)).rejects.toThrow();
    await expect(subgraph.db.$executeRawUnsafe(`INSERT INTO users (email, username) VALUES ('other@example.com', 'CASE1')`)).rejects.toThrow();
  });
});
