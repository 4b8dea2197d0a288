import http from "node:http";
import type { AddressInfo } from "node:net";
import { TRUST_HEADERS } from "@booking/common";

export interface ReceivedFetch {
  /** The GraphQL request as the subgraph would read it. */
  body: { query: string; variables?: Record<string, any> };
  /** The caller the router signed for (header form). */
  caller: string;
}

/**
 * Stands between the router and one subgraph (give its `url` to the router as that subgraph's
 * URL, then `forwardTo` the real one): records every GraphQL fetch, and while `hold()` is on
 * keeps them waiting until `release()`, so a test can line up concurrent fetches. Anything else
 * (internal endpoints) passes straight through.
 */
export interface SubgraphProxy {
  url: string;
  forwardTo(subgraphUrl: string): void;
  received: ReceivedFetch[];
  /** GraphQL fetches waiting for `release()`. */
  held(): number;
  hold(): void;
  release(): void;
  stop(): Promise<void>;
}

export async function startSubgraphProxy(): Promise<SubgraphProxy> {
  let target: string | null = null;
  let holding = false;
  let waiting: (() => void)[] = [];
  const received: ReceivedFetch[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (request.method === "POST" && request.url === "/graphql") {
      received.push({ body: JSON.parse(body.toString("utf8")), caller: String(request.headers[TRUST_HEADERS.caller]) });
      if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
    }
    if (!target) {
      response.writeHead(503).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
    try {
      const answer = await fetch(new URL(request.url!, target), { method: request.method, headers, body: request.method === "GET" ? undefined : body });
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      response.writeHead(502).end(); // the subgraph stopped first (end of a file)
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    holding = false;
    const released = waiting;
    waiting = [];
    released.forEach((resolve) => resolve());
  };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    forwardTo: (subgraphUrl) => {
      target = subgraphUrl;
    },
    received,
    held: () => waiting.length,
    hold: () => {
      holding = true;
    },
    release,
    stop: async () => {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
