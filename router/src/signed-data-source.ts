import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { TRUST_HEADERS, encodeCaller, signEncodedRequest } from "@booking/common";
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
      fetcher: (fetchUrl, init = {}) => {
        const headers = { ...init.headers };
        const body = typeof init.body === "string" ? init.body : (init.body?.toString("utf8") ?? "");
        Object.assign(headers, signEncodedRequest(internalSecret, body, headers[TRUST_HEADERS.caller] ?? encodeCaller({ viewer: null, clientIp: null })));
        return fetch(fetchUrl, { ...init, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      },
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    request.http?.headers.set(TRUST_HEADERS.caller, encodeCaller({ viewer: context?.viewer ?? null, clientIp: context?.clientIp ?? null }));
  }
}
