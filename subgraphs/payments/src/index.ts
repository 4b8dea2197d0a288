import "reflect-metadata";
import { runSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { paymentsSubgraph } from "./subgraph.js";

runSubgraph(paymentsSubgraph, subgraphPort("payments"));
