import "reflect-metadata";
import { readSubgraphConfig, runUntilSignalled, startSubgraph } from "@booking/common";
import { bookingsSubgraph } from "./subgraph.js";

runUntilSignalled("bookings", async () => {
  const server = await startSubgraph(bookingsSubgraph, readSubgraphConfig("bookings", 4004));
  console.log(`bookings subgraph ready at ${server.url}`);
  return server;
});
