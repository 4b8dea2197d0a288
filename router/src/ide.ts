import type { RequestHandler } from "express";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface IdeOptions {
  /** Folder of `.graphql` files, each opened as a tab. @default the repository's schema/operations */
  operationsDir?: string;
}

/**
 * `GET /graphql` from a browser (development only): GraphiQL, served whole from the router's
 * own files (@graphql-yoga/render-graphiql inlines its scripts and styles), so it works with
 * no internet. The contract's operations open as tabs. Any other GET (a query in the URL, a
 * client asking for JSON) goes on to the GraphQL endpoint.
 */
export function graphqlIde({ operationsDir = new URL("../../schema/operations/", import.meta.url).pathname }: IdeOptions = {}): RequestHandler {
  let page: Promise<string> | undefined;
  return (request, response, next) => {
    if (request.query.query !== undefined || request.accepts(["application/json", "application/graphql-response+json", "text/html"]) !== "text/html") return next();
    page ??= renderPage(operationsDir);
    page.then((html) => response.type("html").send(html), next);
  };
}

interface GraphiqlRenderer {
  renderGraphiQL(options: { title: string; endpoint: string; subscriptionsProtocol: "WS"; defaultTabs: { query: string }[] }): string;
}

async function renderPage(operationsDir: string): Promise<string> {
  // Loaded on first use, and by a name the compiler does not follow: its typings pull in
  // graphql-yoga's DOM types, which clash with Node's own stream types.
  const renderer = "@graphql-yoga/render-graphiql";
  const { renderGraphiQL } = (await import(renderer)) as GraphiqlRenderer;
  return renderGraphiQL({ title: "Booking supergraph", endpoint: "/graphql", subscriptionsProtocol: "WS", defaultTabs: contractTabs(operationsDir) });
}

/** A first tab that runs as it is, then one tab per operations file. */
const FIRST_TAB = `# Press the run button: the public catalog, no sign-in needed.
query PublicCatalog {
  businesses(first: 5) {
    totalCount
    edges { node { name type city resources(first: 3) { edges { node { name priceUnit price { amount currency } } } } } }
  }
}
`;

function contractTabs(operationsDir: string): { query: string }[] {
  const files = readdirSync(operationsDir).filter((file) => file.endsWith(".graphql")).sort();
  return [{ query: FIRST_TAB }, ...files.map((file) => ({ query: `# ${path.basename(file)}: the contract's operations\n${readFileSync(path.join(operationsDir, file), "utf8")}` }))];
}
