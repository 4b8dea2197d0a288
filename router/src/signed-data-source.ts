import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { SYSTEM_CALLER, TRUST_HEADERS, encodeCaller, signEncodedRequest } from "@booking/common";
import type { RouterContext } from "./context.js";

export interface SignedDataSourceOptions {
  url: string;
  internalSecret: string;
  timeoutMs: number;
}

/**
 * Sends subgraph fetches signed with the internal secret and carrying the verified viewer,
 * so subgraphs trust nothing that did not pass through here. The signature is made in the
 * fetcher, over the exact body that goes on the wire.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor({ url, internalSecret, timeoutMs }: SignedDataSourceOptions) {
    super({
      url,
      fetcher: async (fetchUrl, init = {}) => {
        const headers = { ...init.headers };
        const body = typeof init.body === "string" ? init.body : (init.body?.toString("utf8") ?? "");
        Object.assign(headers, signEncodedRequest(internalSecret, { method: init.method ?? "POST", url: fetchUrl }, body, headers[TRUST_HEADERS.caller] ?? encodeCaller(SYSTEM_CALLER)));
        const response = await fetch(fetchUrl, { ...init, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        // A subgraph answers input it cannot coerce (a Decimal "cheap", a DateTime "yesterday")
        // with HTTP 400 and coded GraphQL errors; hand those errors on as they are instead of
        // letting the gateway turn the status into an anonymous failure.
        if (response.status === 400 && response.headers.get("content-type")?.includes("json")) {
          return new Response(await response.text(), { status: 200, headers: response.headers });
        }
        return response;
      },
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    request.http?.headers.set(TRUST_HEADERS.caller, encodeCaller({ viewer: context?.viewer ?? null, clientIp: context?.clientIp ?? null }));
  }
}
