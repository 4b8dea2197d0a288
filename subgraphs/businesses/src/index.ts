import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { businessesSubgraph } from "./subgraph.js";

runUntilSignalled("businesses", async () => {
  const server = await startSubgraph(businessesSubgraph, readSubgraphConfig("businesses", 4002));
  console.log(`businesses subgraph ready at ${server.url}`);
  return server;
});
