import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { REQUEST_ID_HEADER, SYSTEM_CALLER, TRUST_HEADERS, currentRequestId, encodeCaller, logger, signEncodedRequest, traceFetch } from "@booking/common";
import type { RouterContext } from "./context.js";
import { collapseRepresentations, type SubgraphResponse } from "./entity-representations.js";
import { InFlight, viewerKey } from "./in-flight.js";

export interface SignedDataSourceOptions {
  /** The subgraph's name, as clients see it in `extensions.serviceName`. */
  name: string;
  url: string;
  internalSecret: string;
  timeoutMs: number;
  /** Starts timing one fetch; the function it returns ends it with an outcome. */
  fetchTimer?: () => (outcome: "ok" | "unavailable") => void;
  /** Counts a fetch answered by an identical one already in flight. */
  onSharedFetch?: () => void;
  /**
   * The two savings below (default on). Off, every fetch goes out as the gateway planned it,
   * signed the same way: what a bare `@apollo/gateway` does (the benchmark's peer).
   */
  shareWork?: boolean;
}

/**
 * Sends subgraph fetches signed with the internal secret and carrying the verified viewer,
 * so subgraphs trust nothing that did not pass through here. The signature is made in the
 * fetcher, over the exact body that goes on the wire.
 *
 * What a subgraph answers reaches clients in contract terms only: its coded 400 (input it
 * cannot coerce) passes through; anything else that is not a 2xx GraphQL answer (unreachable,
 * timed out, a refused signature, a 5xx) becomes SERVICE_UNAVAILABLE on the fields that needed
 * it, with no URL, status or upstream body; the reason goes to the log.
 *
 * Two savings on every fetch of a client's operation (`process`): an entity fetch sends each
 * distinct representation once (entity-representations.ts), and identical fetches in flight
 * at the same time go out once (in-flight.ts), when they are the same subgraph, body
 * and viewer (user and role, or anonymous): two users never share an answer. Mutations, and
 * the fetches that follow one, always go out on their own, so a mutation reads its own write.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly inFlight: InFlight;
  private readonly name: string;
  private readonly shareWork: boolean;

  constructor({ name, url, internalSecret, timeoutMs, fetchTimer = () => () => undefined, onSharedFetch, shareWork = true }: SignedDataSourceOptions) {
    super({
      url,
      fetcher: async (fetchUrl, init = {}) => {
        const headers: Record<string, string> = { ...init.headers };
        const requestId = currentRequestId();
        if (requestId) headers[REQUEST_ID_HEADER] = requestId;
        const done = fetchTimer();
        const body = typeof init.body === "string" ? init.body : (init.body?.toString("utf8") ?? "");
        Object.assign(headers, signEncodedRequest(internalSecret, { audience: name, method: init.method ?? "POST", url: fetchUrl }, body, headers[TRUST_HEADERS.caller] ?? encodeCaller(SYSTEM_CALLER)));
        let response: Response;
        try {
          response = await traceFetch(`${name} fetch`, headers, () => fetch(fetchUrl, { ...init, headers, body, signal: AbortSignal.timeout(timeoutMs) }));
        } catch (error) {
          done("unavailable");
          logger.error({ subgraph: name, reason: (error as Error).message }, `${name} could not be reached`);
          return unavailable(name);
        }
        const json = response.headers.get("content-type")?.includes("json") ?? false;
        // A subgraph answers input it cannot coerce (a Decimal "cheap", a DateTime "yesterday")
        // with HTTP 400 and coded GraphQL errors; hand those errors on as they are.
        if (response.status === 400 && json) {
          done("ok");
          return new Response(await response.text(), { status: 200, headers: response.headers });
        }
        if (!response.ok || !json) {
          done("unavailable");
          logger.error({ subgraph: name, status: response.status, body: (await response.text()).slice(0, 500) }, `${name} refused the fetch`);
          return unavailable(name);
        }
        done("ok");
        return response;
      },
    });
    this.name = name;
    this.shareWork = shareWork;
    this.inFlight = new InFlight(onSharedFetch);
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<SubgraphResponse> {
    const { request } = options;
    // Health checks and schema loading (neither is used with a committed supergraph) go the base way.
    if (!("incomingRequestContext" in options) || !request.query) return super.process(options);
    const viewer = options.context?.viewer ?? null;
    const representations = this.shareWork ? collapseRepresentations(request.variables?.representations) : null;
    const variables = representations ? { ...request.variables, representations: representations.distinct } : request.variables;
    const body = JSON.stringify({ query: request.query, variables, operationName: request.operationName });
    const caller = encodeCaller({ viewer, clientIp: options.context?.clientIp ?? null });
    const send = () => this.send(body, caller);
    const text =
      options.incomingRequestContext.operation?.operation === "mutation" || !this.shareWork
        ? await send()
        : await this.inFlight.share(`${this.name}\n${viewerKey(viewer)}\n${body}`, send);
    const response = JSON.parse(text) as SubgraphResponse;
    return representations ? representations.expand(response) : response;
  }

  /** One signed POST through the fetcher; its answer is always a GraphQL response's text. */
  private async send(body: string, caller: string): Promise<string> {
    const response = await this.fetcher(this.url!, { method: "POST", headers: { "content-type": "application/json", [TRUST_HEADERS.caller]: caller }, body });
    return response.text();
  }
}

/** A GraphQL answer that fails every field the fetch was for, in contract terms. */
function unavailable(name: string): Response {
  const error = { message: `The ${name} service is unavailable; try again shortly`, extensions: { code: "SERVICE_UNAVAILABLE", serviceName: name } };
  return new Response(JSON.stringify({ data: null, errors: [error] }), { status: 200, headers: { "content-type": "application/json" } });
}
