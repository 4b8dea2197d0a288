import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { paymentsSubgraph } from "./subgraph.js";

runUntilSignalled("payments", async () => {
  const server = await startSubgraph(paymentsSubgraph, readSubgraphConfig("payments", 4005));
  console.log(`payments subgraph ready at ${server.url}`);
  return server;
});
