import type { ApolloGateway } from "@apollo/gateway";
import type { RouterContext } from "./context.js";
import { InFlight, viewerKey } from "./in-flight.js";

type Gateway = Pick<ApolloGateway, "load" | "onSchemaLoadOrUpdate" | "stop">;
type Executor = NonNullable<Awaited<ReturnType<ApolloGateway["load"]>>["executor"]>;
type ExecutionResult = Awaited<ReturnType<Executor>>;

/**
 * The gateway, with identical queries in flight at the same time executed once: the same
 * document (its hash), operation name, variables and viewer (user and role, or anonymous), so
 * no caller ever receives an answer made for someone else. Apollo Server still parses,
 * validates, limits, logs and counts every request; only planning, execution and the subgraph
 * fetches are shared. Mutations always run. Nothing outlives the answer: a query that starts
 * after another's answer runs again.
 *
 * Written here because no library offers it for @apollo/gateway: Hive Gateway's deduplication
 * works on subgraph fetches keyed without the caller, which this router must not do.
 */
export function mergingInFlightOperations(gateway: Gateway, onShared: () => void): Gateway {
  const inFlight = new InFlight<ExecutionResult>(onShared);
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    load: async (options) => {
      const loaded = await gateway.load(options);
      const execute = loaded.executor;
      if (!execute) return loaded;
      const executor: Executor = async (requestContext) => {
        if (requestContext.operation.operation !== "query") return execute(requestContext);
        const { viewer } = requestContext.context as RouterContext;
        const key = [
          viewerKey(viewer),
          requestContext.queryHash,
          requestContext.operationName ?? "",
          JSON.stringify(requestContext.request.variables ?? {}),
        ].join("\n");
        const result = await inFlight.share(key, () => execute(requestContext));
        // Apollo Server formats each response from the result it gets: each caller its own.
        return { ...result, ...(result.errors ? { errors: [...result.errors] } : {}) };
      };
      return { ...loaded, executor };
    },
  };
}
