import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signUp, type SignedIn } from "../support/accounts.js";
import { makeActiveBusiness, makeResource } from "../support/factories.js";
import { readRouterConfig } from "@booking/router/config";
import { startRouter, type RunningRouter } from "@booking/router/router";
import { NOT_BUILT_YET } from "../support/not-built-yet.js";
import { TEST_INTERNAL_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { daysFromNow } from "../support/time.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let system: TestSupergraph;
let enforcing: RunningRouter;
let customer: SignedIn;
let resourceId: string;
let project: string;
const search = `SDK desk ${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  system = await startTestSupergraph();
  // The partner talks to a router that runs only manifest documents: the SDK must send hashes (or manifest text).
  enforcing = await startRouter(
    readRouterConfig({
      PORT: "0",
      NODE_ENV: "test",
      INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      ...Object.fromEntries(Object.entries(system.subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url])),
      TRUSTED_DOCUMENTS: "enforce",
    }),
  );
  const owner = await makeActiveBusiness(system, { name: "Partner Desks", type: "CO_WORKING", timezone: "Europe/Berlin" });
  resourceId = (await makeResource(system, owner, { name: search, type: "DESK", price: "9.50", currency: "EUR", priceUnit: "HOUR", capacity: 3 })).resource.id;
  customer = await signUp(system);
  project = await mkdtemp(path.join(os.tmpdir(), "partner-app-"));
}, 60_000);
afterAll(async () => {
  await enforcing?.stop();
  await system?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe("the partner SDK, installed from its tarball", () => {
  it("packs, installs into a fresh project, type-checks, and runs the booking flow against a router enforcing trusted documents", async () => {
    // npm pack builds dist/ (prepack) and keeps only what a partner needs.
    const packed = Date.now();
    const { stdout: tarballName } = await run("npm", ["pack", "--silent", "--pack-destination", project], { cwd: path.join(ROOT, "sdk") });
    const tarball = path.join(project, tarballName.trim().split("\n").pop()!);
    console.log(`sdk tarball: ${(await stat(tarball)).size} bytes, packed in ${Date.now() - packed} ms`);

    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "partner-app", private: true, type: "module" }));
    await writeFile(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2023", lib: ["ES2023", "DOM"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ["flow.ts"] }),
    );
    const installed = Date.now();
    await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
    console.log(`sdk installed with its dependencies in ${Date.now() - installed} ms`);
    expect((await readdir(path.join(project, "node_modules"))).sort()).toEqual(expect.arrayContaining(["@booking", "@graphql-typed-document-node", "graphql", "graphql-ws"]));

    await copyFile(path.join(ROOT, "test/fixtures/sdk-flow/flow.ts"), path.join(project, "flow.ts"));
    // The partner's compiler: the SDK's declarations must type the flow, and reject an unknown error code.
    await run(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project]).catch((error) => {
      throw new Error(`the flow does not type-check against the packed SDK:\n${error.stdout}`);
    });

    const startTime = daysFromNow(40, 9).toISOString();
    const endTime = daysFromNow(40, 11).toISOString();
    const { stdout } = await run(process.execPath, ["flow.ts"], {
      cwd: project,
      env: { ...process.env, BOOKING_URL: enforcing.url, LOGIN: customer.email, PASSWORD, SEARCH: search, FROM: startTime, TO: endTime },
    });
    const flow = JSON.parse(stdout.trim().split("\n").pop()!);

    expect(flow.resource).toMatchObject({ id: resourceId, name: search, priceUnit: "HOUR", price: { amount: "9.50", currency: "EUR" } });
    expect(flow.availability).toEqual([expect.objectContaining({ available: 3 })]);
    expect(flow.booking).toMatchObject({ status: "HOLD", startTime, endTime, total: { amount: "19.00", currency: "EUR" }, customer: { id: customer.id } });
    expect(flow.event).toMatchObject({ type: "CREATED", booking: { id: flow.booking.id, status: "HOLD", resource: { name: search } } });
    expect(flow.me).toEqual({ id: customer.id });
    expect(flow.refreshed).toBe(true);

    if ("operation CreatePaymentIntent" in NOT_BUILT_YET) {
      // Payments are issue 14: until they land the flow's "pay" step gets NOT_IMPLEMENTED through
      // the typed error union. Once createPaymentIntent works this fails: take the operation off
      // the list in scripts/src/not-built-yet.ts, and the assertion below becomes the test.
      expect(flow.payment, "createPaymentIntent works now: remove it from scripts/src/not-built-yet.ts").toEqual({ code: "NOT_IMPLEMENTED" });
    } else {
      expect(flow.payment).toMatchObject({ id: expect.any(String), booking: { id: flow.booking.id } });
    }
  }, 180_000);
});
