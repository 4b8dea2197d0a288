import type { RequestHandler } from "express";
import type { TrustedDocuments } from "./trusted-documents.js";

/**
 * Trusted documents over HTTP, in front of Apollo Server (whose own automatic persisted
 * queries are off): resolves a hash to its manifest document, refuses what the mode does not
 * allow, and passes the request on with the full text and without `persistedQuery`.
 * POST bodies after `express.json()`; GET parameters in the URL.
 */
export function trustedDocumentsHttp(trusted: TrustedDocuments): RequestHandler {
  return (request, response, next) => {
    if (request.method === "GET") {
      const url = new URL(request.originalUrl, "http://router");
      const params = url.searchParams;
      if (!params.has("query") && !params.has("extensions")) return next(); // the IDE's page, or a bad request Apollo answers
      const decision = trusted.decide({ query: params.get("query") ?? undefined, extensions: params.get("extensions") ?? undefined });
      if ("error" in decision) return refuse(response, decision.error);
      if (decision.query !== undefined) params.set("query", decision.query);
      params.set("extensions", JSON.stringify(withoutPersistedQuery(params.get("extensions"))));
      request.url = `${request.url.split("?")[0]}?${params}`;
      return next();
    }
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object" || Array.isArray(body)) return next();
    const decision = trusted.decide(body);
    if ("error" in decision) return refuse(response, decision.error);
    if (decision.query !== undefined) body.query = decision.query;
    body.extensions = withoutPersistedQuery(body.extensions);
    next();
  };
}

function refuse(response: Parameters<RequestHandler>[1], error: { message: string; extensions: Record<string, unknown> }): void {
  // PERSISTED_QUERY_NOT_FOUND is a 200, as Apollo Server answers it, so Apollo clients retry with the text.
  const status = error.extensions.code === "PERSISTED_QUERY_NOT_FOUND" ? 200 : 400;
  response.status(status).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
}

function withoutPersistedQuery(extensions: unknown): Record<string, unknown> {
  let parsed: unknown = extensions;
  try {
    if (typeof extensions === "string") parsed = JSON.parse(extensions);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object") return {};
  const { persistedQuery: _used, ...rest } = parsed as Record<string, unknown>;
  return rest;
}
