import "reflect-metadata";
import { runSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { resourcesSubgraph } from "./subgraph.js";

runSubgraph(resourcesSubgraph, subgraphPort("resources"));
