import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { businessesSubgraph } from "./subgraph.js";

runUntilSignalled("businesses", async () => {
  const server = await startSubgraph(businessesSubgraph, readSubgraphConfig("businesses", subgraphPort("businesses")));
  console.log(`businesses subgraph ready at ${server.url}`);
  return server;
});
