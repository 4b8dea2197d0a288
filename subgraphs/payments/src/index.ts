import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { paymentsSubgraph } from "./subgraph.js";

runUntilSignalled("payments", async () => {
  const server = await startSubgraph(paymentsSubgraph, readSubgraphConfig("payments", subgraphPort("payments")));
  console.log(`payments subgraph ready at ${server.url}`);
  return server;
});
