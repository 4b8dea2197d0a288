import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { usersSubgraph } from "./subgraph.js";

runUntilSignalled("users", async () => {
  const server = await startSubgraph(usersSubgraph, readSubgraphConfig("users", subgraphPort("users")));
  console.log(`users subgraph ready at ${server.url}`);
  return server;
});
