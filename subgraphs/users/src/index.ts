import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { usersSubgraph } from "./subgraph.js";

runUntilSignalled("users", async () => {
  const server = await startSubgraph(usersSubgraph, readSubgraphConfig("users", 4001));
  console.log(`users subgraph ready at ${server.url}`);
  return server;
});
