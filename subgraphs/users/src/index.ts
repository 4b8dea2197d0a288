import "reflect-metadata";
import { runSubgraph } from "@booking/common";
import { subgraphPort } from "@booking/contracts";
import { usersSubgraph } from "./subgraph.js";

runSubgraph(usersSubgraph, subgraphPort("users"));
