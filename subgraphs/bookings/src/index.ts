import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { bookingsSubgraph } from "./subgraph.js";

runUntilSignalled("bookings", async () => {
  const server = await startSubgraph(bookingsSubgraph, readSubgraphConfig("bookings", subgraphPort("bookings")));
  console.log(`bookings subgraph ready at ${server.url}`);
  return server;
});
