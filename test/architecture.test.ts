import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { checkMigrationLock, readMigrations, type MigrationLock } from "@booking/common";
import { SUBGRAPH_NAMES as SUBGRAPHS, ROUTER_PORT, subgraphPort, subgraphUrlVariable } from "@booking/contracts";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, folder), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.includes("/generated/") && !file.includes("node_modules") && !file.includes("/dist/"));
}

/** The TypeScript sources of these folders (their generated code, builds and dependencies left out). */
async function sourcesIn(folders: readonly string[]): Promise<string[]> {
  return (await Promise.all(folders.map(sourceFiles))).flat();
}

const imports = (text: string) => [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm)].map((match) => match[1]!);

/**
 * Only repositories touch Prisma: its client packages, a subgraph's generated client, raw SQL,
 * transactions, the `Prisma.` namespace and its error codes. Services get repositories from a
 * unit of work (`createUnitOfWork`, common's unit-of-work.ts) and never see `tx`.
 */
const PRISMA_TOUCHES: [string, RegExp][] = [
  ["@prisma/client", /["']@prisma\/client["']/],
  ["the generated client", /generated\/prisma\//],
  ["$transaction", /\$transaction\b/],
  ["$queryRaw", /\$queryRaw/],
  ["$executeRaw", /\$executeRaw/],
  ["the Prisma namespace", /\bPrisma\./],
  ["a Prisma error code", /\bP20\d\d\b/],
];

/** Where Prisma may be touched: repositories, the unit of work, where a client is built, seeds. */
function mayTouchPrisma(file: string): boolean {
  return (
    file.endsWith(".repository.ts") ||
    file === "packages/common/src/unit-of-work.ts" ||
    file.endsWith("/subgraph.ts") ||
    file.includes("/src/seed/") ||
    PRISMA_EXCEPTIONS.has(file) ||
    /^subgraphs\/[^/]+\/src\/prisma-enums\.ts$/.test(file)
  );
}

/** Deliberate exceptions, each with its reason. */
const PRISMA_EXCEPTIONS = new Map([
  // builds every subgraph's client on the pg adapter, and reads the violated index out of a P2002 for repositories
  ["packages/common/src/database.ts", "the client factory and violatedUniqueIndex"],
  // runs each subgraph's seed on a client it connects (seed files' runner)
  ["scripts/src/demo-data.ts", "the seeds' runner"],
]);
// (prisma-enums.ts, matched above: each imports its generated enums to prove at compile time that they equal the contracts'.)

/** Subgraphs held to the rule: all of them, payments included since its mutations run on the unit of work. */
const PRISMA_RULED_SUBGRAPHS = SUBGRAPHS;

function prismaTouches(file: string, text: string): string[] {
  if (mayTouchPrisma(file)) return [];
  return PRISMA_TOUCHES.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file} touches ${what}`);
}

/**
 * A test reading an error's extensions inline (`errors?.[0]?.extensions?.code`, `error.extensions?.code`,
 * `extensions: expect.objectContaining({ code })`): tests read codes through test/support/errors.ts
 * (`codeOf`, `codesOf`, `failureOf`, `subscriptionCodeOf`), so what "the code" means is written once.
 */
const INLINE_ERROR_READ = /(?:\]|\berrors?|\berr)[?!]?\.extensions\b|extensions:\s*expect\.objectContaining\(\{\s*code\b/;

function inlineErrorReads(file: string, text: string): string[] {
  // test/support holds the helpers; this file quotes the reads it forbids
  if (file.startsWith("test/support/") || file === "test/architecture.test.ts") return [];
  return text.split("\n").flatMap((line, index) => (INLINE_ERROR_READ.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

/** Every test file: the root test folder and each package's and subgraph's. */
async function testFiles(): Promise<string[]> {
  const folders = ["test", "router/test", "scripts/test", "sdk/test", ...SUBGRAPHS.map((name) => `subgraphs/${name}/test`), "packages/common/test", "packages/contracts/test", "packages/events/test"];
  return sourcesIn(folders);
}

/**
 * Transactions are opened by the unit of work only (common's createUnitOfWork, over the
 * subgraph's repository builder): no `$transaction` in a subgraph (seeds excepted), and the
 * builder `<subgraph>Repositories(client)` is called nowhere (subgraph.ts hands it to
 * createUnitOfWork uncalled), so no code holds a transaction's client, event consumers included.
 */
function transactionsOutsideUnitOfWork(file: string, text: string): string[] {
  if (file.includes("/src/seed/")) return [];
  const violations: string[] = [];
  if (/\$transaction\b/.test(text)) violations.push(`${file} opens a transaction ($transaction) outside the unit of work`);
  for (const match of text.matchAll(/\b(\w+Repositories)\(/g)) {
    if (file.endsWith("/src/repositories.ts") && new RegExp(`export function ${match[1]}\\(`).test(text)) continue;
    violations.push(`${file} binds repositories (${match[1]}) outside the unit of work`);
  }
  return violations;
}

describe("architecture", () => {
  it("keeps subgraphs apart: none imports another, only the shared package", async () => {
    const violations: string[] = [];
    for (const subgraph of SUBGRAPHS) {
      for (const file of await sourceFiles(`subgraphs/${subgraph}/src`)) {
        for (const target of imports(await readFile(path.join(ROOT, file), "utf8"))) {
          const other = SUBGRAPHS.find((name) => name !== subgraph && (target.startsWith(`@booking/${name}`) || target.includes(`subgraphs/${name}/`) || target.includes(`../${name}/`)));
          if (other || target.startsWith("@booking/router")) violations.push(`${file} imports ${target}`);
        }
      }
    }
    for (const file of [...(await sourceFiles("packages/common/src")), ...(await sourceFiles("router/src"))]) {
      for (const target of imports(await readFile(path.join(ROOT, file), "utf8"))) {
        if (SUBGRAPHS.some((name) => target.startsWith(`@booking/${name}`))) violations.push(`${file} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps common for mechanisms: it imports no domain package (contracts, subgraphs, router)", async () => {
    const violations: string[] = [];
    for (const file of await sourceFiles("packages/common/src")) {
      for (const target of imports(await readFile(path.join(ROOT, file), "utf8"))) {
        if (target.startsWith("@booking/")) violations.push(`${file} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps contracts a leaf of declarations: it imports only common, never a subgraph or the router", async () => {
    const files = await sourceFiles("packages/contracts/src");
    const violations: string[] = [];
    for (const file of files) {
      for (const target of imports(await readFile(path.join(ROOT, file), "utf8"))) {
        if (target.startsWith("@booking/") && target !== "@booking/common") violations.push(`${file} imports ${target}`);
        if (target.includes("subgraphs/") || target.includes("router/")) violations.push(`${file} imports ${target}`);
      }
    }
    expect(files.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it("constructs each PrismaClient in one place, the subgraph definition", async () => {
    const violations: string[] = [];
    for (const subgraph of SUBGRAPHS) {
      for (const file of await sourceFiles(`subgraphs/${subgraph}/src`)) {
        const text = await readFile(path.join(ROOT, file), "utf8");
        const valueImports = [...text.matchAll(/^import \{([^}]*)\} from/gm)].flatMap((match) => match[1]!.split(",").map((name) => name.trim()));
        if ((/\bnew PrismaClient\b/.test(text) || valueImports.includes("PrismaClient")) && !file.endsWith("/subgraph.ts")) {
          violations.push(file);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("lets only repositories touch Prisma", async () => {
    const files = await sourcesIn(["packages/common/src", "packages/contracts/src", "router/src", "scripts/src", ...PRISMA_RULED_SUBGRAPHS.map((name) => `subgraphs/${name}/src`)]);
    const violations: string[] = [];
    for (const file of files) violations.push(...prismaTouches(file, await readFile(path.join(ROOT, file), "utf8")));
    expect(files.length).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  });

  it("builds repositories in one place per subgraph, its repositories.ts (services take them from the unit of work)", async () => {
    const builders = await sourcesIn(PRISMA_RULED_SUBGRAPHS.map((name) => `subgraphs/${name}/src`));
    const outside: string[] = [];
    for (const file of builders) {
      if (!file.endsWith("/src/repositories.ts") && /\bnew \w+Repository\(/.test(await readFile(path.join(ROOT, file), "utf8"))) outside.push(file);
    }
    expect(outside).toEqual([]);
  });

  it("opens every transaction through a unit of work: event consumers too (their `transaction` is the service's uow.transaction)", async () => {
    const files = await sourcesIn(PRISMA_RULED_SUBGRAPHS.map((name) => `subgraphs/${name}/src`));
    const violations: string[] = [];
    for (const file of files) violations.push(...transactionsOutsideUnitOfWork(file, await readFile(path.join(ROOT, file), "utf8")));
    expect(files.length).toBeGreaterThan(50);
    expect(violations).toEqual([]);
  });

  it("would catch a consumer that opens its own transaction or binds repositories to one (the check above can fail)", () => {
    expect(transactionsOutsideUnitOfWork("subgraphs/users/src/mail/x.repository.ts", "return (work) => client.$transaction(work);")).toEqual([
      "subgraphs/users/src/mail/x.repository.ts opens a transaction ($transaction) outside the unit of work",
    ]);
    expect(transactionsOutsideUnitOfWork("subgraphs/bookings/src/x.consumer.ts", "const { changes } = bookingsRepositories(tx);")).toEqual([
      "subgraphs/bookings/src/x.consumer.ts binds repositories (bookingsRepositories) outside the unit of work",
    ]);
    expect(transactionsOutsideUnitOfWork("subgraphs/bookings/src/x.consumer.ts", "transaction: (work) => uow.transaction(work, LIMITS),")).toEqual([]);
  });

  it("would catch a service that touches Prisma (the two checks above can fail)", () => {
    expect(prismaTouches("subgraphs/users/src/user/user.service.ts", "await this.db.$transaction(async (tx) => new UserRepository(tx))")).toEqual([
      "subgraphs/users/src/user/user.service.ts touches $transaction",
    ]);
    expect(prismaTouches("subgraphs/users/src/x.service.ts", 'if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")')).toHaveLength(2);
    expect(prismaTouches("subgraphs/users/src/user/user.repository.ts", "this.db.$queryRaw`SELECT 1`")).toEqual([]);
  });

  it("uses named exports only (config files that their tools read excepted)", async () => {
    const files = await sourcesIn(["packages", "router/src", "scripts/src", "sdk/src", ...SUBGRAPHS.map((name) => `subgraphs/${name}/src`)]);
    const violations: string[] = [];
    for (const file of files) if (/^export default/m.test(await readFile(path.join(ROOT, file), "utf8"))) violations.push(file);
    expect(files.length).toBeGreaterThan(50);
    expect(violations).toEqual([]);
  });

  it("runs the same subgraphs on the same ports in docker-compose.yml as the TypeScript list (SUBGRAPH_NAMES)", async () => {
    const compose = parseYaml(await readFile(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: string[] | Record<string, unknown> }>;
    };
    const { router, ...others } = compose.services;
    const subgraphServices = Object.keys(others).filter((name) => others[name]!.command?.some((part) => part.startsWith("subgraphs/")));
    expect(subgraphServices).toEqual([...SUBGRAPHS]);
    for (const name of SUBGRAPHS) {
      const service = compose.services[name]!;
      expect(service.command).toEqual(["node", `subgraphs/${name}/dist/index.js`]);
      expect(service.environment?.PORT).toBe(String(subgraphPort(name)));
    }
    expect(router?.environment?.PORT).toBe(String(ROUTER_PORT));
    expect(Object.keys(router?.depends_on ?? {})).toEqual([...SUBGRAPHS]);
    const subgraphUrlVariables = new Set<string>(SUBGRAPHS.map((name) => subgraphUrlVariable(name)));
    const routerUrls = Object.fromEntries(Object.entries(router?.environment ?? {}).filter(([key]) => subgraphUrlVariables.has(key)));
    expect(routerUrls).toEqual(Object.fromEntries(SUBGRAPHS.map((name) => [subgraphUrlVariable(name), `http://${name}:${subgraphPort(name)}/graphql`])));
  });

  it("keeps landed migrations as they landed: each subgraph's and the event backbone's files match their migrations.lock.json", async () => {
    const problems: string[] = [];
    const sets = [
      ...SUBGRAPHS.map((name) => ({ name, dir: `subgraphs/${name}/prisma/migrations`, lockFile: `subgraphs/${name}/prisma/migrations.lock.json` })),
      // applied to every service database that carries events (schema "events")
      { name: "events", dir: "packages/events/migrations", lockFile: "packages/events/migrations.lock.json" },
    ];
    for (const { name, dir, lockFile } of sets) {
      const lock = JSON.parse(await readFile(path.join(ROOT, lockFile), "utf8")) as MigrationLock;
      const { edited, deleted, unlocked } = checkMigrationLock(lock, await readMigrations(path.join(ROOT, dir)));
      for (const migration of edited) problems.push(`${name}: ${migration} was edited after it landed (migrations are append-only): put it back and write a new migration`);
      for (const migration of deleted) problems.push(`${name}: ${migration} landed and its file is gone: put it back`);
      for (const migration of unlocked) problems.push(`${name}: ${migration.name} is not in ${lockFile}: run npm run migrations:lock and commit the lock with the migration`);
    }
    expect(problems).toEqual([]);
  });

  it("chooses error codes from data, never by matching an error's text", async () => {
    const files = [...(await sourceFiles("packages")), ...(await sourceFiles("router/src")), ...(await Promise.all(SUBGRAPHS.map((name) => sourceFiles(`subgraphs/${name}/src`)))).flat()];
    const violations: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(ROOT, file), "utf8");
      if (/\.message\.(includes|match|startsWith|endsWith)\(|JSON\.stringify\((error|e|err)\b/.test(text)) violations.push(file);
    }
    expect(violations).toEqual([]);
  });

  it("pins prisma, @prisma/client and @prisma/adapter-pg to one version (the generator and runtimes must agree)", async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    const versions = new Set(["prisma", "@prisma/client", "@prisma/adapter-pg"].map((name) => all[name]));
    expect([...versions]).toHaveLength(1);
  });

  it("signs and verifies internal HTTP in one client and one guard (common's internal.ts; the gateway's data source signs its own fetches)", async () => {
    const allowed = new Set(["packages/common/src/trust.ts", "packages/common/src/internal.ts", "router/src/signed-data-source.ts"]);
    const files = [...(await sourceFiles("packages")), ...(await sourceFiles("router/src")), ...(await sourceFiles("scripts/src")), ...(await Promise.all(SUBGRAPHS.map((name) => sourceFiles(`subgraphs/${name}/src`)))).flat()];
    const violations: string[] = [];
    for (const file of files) {
      if (!allowed.has(file) && /\b(signRequest|signEncodedRequest|verifyRequest)\(/.test(await readFile(path.join(ROOT, file), "utf8"))) violations.push(file);
    }
    expect(violations).toEqual([]);
  });
  it("reads error codes in tests through test/support/errors.ts, never inline", async () => {
    const files = await testFiles();
    const violations: string[] = [];
    for (const file of files) violations.push(...inlineErrorReads(file, await readFile(path.join(ROOT, file), "utf8")));
    expect(files.length).toBeGreaterThan(30);
    expect(violations).toEqual([]);
  });

  it("would catch an inline error read (the check above can fail)", () => {
    for (const line of [
      'expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");',
      'expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");',
      "expect(result.errors?.map((error) => error.extensions?.code)).toEqual([]);",
      'expect(subscription.error?.[0]?.extensions?.code).toBe("FORBIDDEN");',
      'expect(results).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN" }) })] })]);',
    ]) {
      expect(inlineErrorReads("test/e2e/example.test.ts", line), line).toHaveLength(1);
    }
    expect(inlineErrorReads("test/e2e/example.test.ts", 'await post(url, { extensions: byHash("Me") }); expect(codeOf(result)).toBe("NOT_FOUND");')).toEqual([]);
    expect(inlineErrorReads("test/support/errors.ts", "return failureIn(result?.errors?.[0]);  error.extensions ?? {}")).toEqual([]);
  });
});
