import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { resourcesSubgraph } from "./subgraph.js";

runUntilSignalled("resources", async () => {
  const server = await startSubgraph(resourcesSubgraph, readSubgraphConfig("resources", subgraphPort("resources")));
  console.log(`resources subgraph ready at ${server.url}`);
  return server;
});
