import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { REQUEST_ID_HEADER, SYSTEM_CALLER, TRUST_HEADERS, currentRequestId, encodeCaller, logger, signEncodedRequest, traceFetch } from "@booking/common";
import type { RouterContext } from "./context.js";

export interface SignedDataSourceOptions {
  /** The subgraph's name, as clients see it in `extensions.serviceName`. */
  name: string;
  url: string;
  internalSecret: string;
  timeoutMs: number;
  /** Starts timing one fetch; the function it returns ends it with an outcome. */
  fetchTimer?: () => (outcome: "ok" | "unavailable") => void;
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
 */
export class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor({ name, url, internalSecret, timeoutMs, fetchTimer = () => () => undefined }: SignedDataSourceOptions) {
    super({
      url,
      fetcher: async (fetchUrl, init = {}) => {
        const headers: Record<string, string> = { ...init.headers };
        const requestId = currentRequestId();
        if (requestId) headers[REQUEST_ID_HEADER] = requestId;
        const done = fetchTimer();
        const body = typeof init.body === "string" ? init.body : (init.body?.toString("utf8") ?? "");
        Object.assign(headers, signEncodedRequest(internalSecret, { method: init.method ?? "POST", url: fetchUrl }, body, headers[TRUST_HEADERS.caller] ?? encodeCaller(SYSTEM_CALLER)));
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
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    request.http?.headers.set(TRUST_HEADERS.caller, encodeCaller({ viewer: context?.viewer ?? null, clientIp: context?.clientIp ?? null }));
  }
}

/** A GraphQL answer that fails every field the fetch was for, in contract terms. */
function unavailable(name: string): Response {
  const error = { message: `The ${name} service is unavailable; try again shortly`, extensions: { code: "SERVICE_UNAVAILABLE", serviceName: name } };
  return new Response(JSON.stringify({ data: null, errors: [error] }), { status: 200, headers: { "content-type": "application/json" } });
}
