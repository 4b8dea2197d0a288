import { AppError } from "@booking/common";
import { readFile } from "node:fs/promises";
import { z } from "zod";

/**
 * Trusted documents (the contract's "Operating it"): which GraphQL documents the router runs.
 * The rule lives here, with no I/O but loading the manifest; `http.ts` applies it to HTTP and
 * the subscription core to WebSocket and SSE, so every transport answers alike.
 *
 * - `off` (default): any document runs; a hash alone (`extensions.persistedQuery.sha256Hash`)
 *   runs the manifest's document with that id, and an unknown hash alone is PERSISTED_QUERY_NOT_FOUND.
 * - `enforce`: only manifest documents run, sent by hash or in full (byte for byte the
 *   manifest's `body`); anything else is OPERATION_NOT_ALLOWED.
 */
export type TrustedDocumentsMode = "off" | "enforce";

export interface TrustedDocumentsOptions {
  /** @default "off" */
  mode: TrustedDocumentsMode;
  /** schema/operations.manifest.json: Apollo's persisted-query manifest format. */
  manifestPath: string;
}

/** What a client sent: GraphQL-over-HTTP parameters, a graphql-ws or a graphql-sse payload. */
export interface DocumentRequest {
  query?: unknown;
  extensions?: unknown;
}

/** The document to run (`query`), or the coded error to answer with. */
export type DocumentDecision = { query: string | undefined } | { error: AppError };

const manifestSchema = z.object({
  format: z.literal("apollo-persisted-query-manifest"),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), name: z.string(), type: z.enum(["query", "mutation", "subscription"]), body: z.string() })),
});

export class TrustedDocuments {
  private constructor(
    readonly mode: TrustedDocumentsMode,
    private readonly bodiesById: ReadonlyMap<string, string>,
    private readonly bodies: ReadonlySet<string>,
  ) {}

  /** Reads and checks the manifest once, at start; a missing or malformed one stops the router. */
  static async load(options: TrustedDocumentsOptions): Promise<TrustedDocuments> {
    const text = await readFile(options.manifestPath, "utf8").catch((error: Error) => {
      throw new Error(`The operation manifest ${options.manifestPath} could not be read (run npm run manifest): ${error.message}`);
    });
    const manifest = manifestSchema.parse(JSON.parse(text));
    return TrustedDocuments.of(options.mode, manifest.operations);
  }

  static of(mode: TrustedDocumentsMode, operations: readonly { id: string; body: string }[]): TrustedDocuments {
    return new TrustedDocuments(mode, new Map(operations.map((operation) => [operation.id, operation.body])), new Set(operations.map((operation) => operation.body)));
  }

  /** Decides what a request runs. `query: undefined` means "nothing was sent": the transport answers as it would. */
  decide(request: DocumentRequest): DocumentDecision {
    const text = typeof request.query === "string" && request.query !== "" ? request.query : undefined;
    const hash = persistedQueryHash(request.extensions);
    if (text !== undefined) {
      if (this.mode === "enforce" && !this.bodies.has(text)) return { error: notAllowed() };
      return { query: text };
    }
    if (hash !== undefined) {
      const body = this.bodiesById.get(hash);
      // Under enforce an unknown hash is not allowed either way; "not found" invites sending the text.
      if (body === undefined) return { error: this.mode === "enforce" ? notAllowed() : new AppError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound") };
      return { query: body };
    }
    return { query: undefined };
  }
}

function notAllowed(): AppError {
  return new AppError("OPERATION_NOT_ALLOWED", "Only the operations of the operation manifest run here: send one by its sha256 hash, or its exact text");
}

function persistedQueryHash(extensions: unknown): string | undefined {
  const parsed = typeof extensions === "string" ? safeJson(extensions) : extensions;
  const hash = (parsed as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === "string" ? hash : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
