import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { resourcesSubgraph } from "./subgraph.js";

runUntilSignalled("resources", async () => {
  const server = await startSubgraph(resourcesSubgraph, readSubgraphConfig("resources", 4003));
  console.log(`resources subgraph ready at ${server.url}`);
  return server;
});
