import "reflect-metadata";
import { runSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { bookingsSubgraph } from "./subgraph.js";

runSubgraph(bookingsSubgraph, subgraphPort("bookings"));
