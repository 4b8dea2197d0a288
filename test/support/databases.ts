import { databaseUrlFor, ensureDatabase } from "@booking/common";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";

/** A new, empty database on the test server, named so that runs never collide. */
export async function freshDatabase(prefix: string): Promise<string> {
  const serverUrl = inject("postgresUrl");
  const name = `test_${inject("runTag")}_${prefix}_${randomBytes(5).toString("hex")}`;
  await ensureDatabase(serverUrl, name);
  return databaseUrlFor(serverUrl, name);
}
