import "reflect-metadata";
import { runSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { businessesSubgraph } from "./subgraph.js";

runSubgraph(businessesSubgraph, subgraphPort("businesses"));
