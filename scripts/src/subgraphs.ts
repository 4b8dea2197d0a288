import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import type { SubgraphDefinition } from "@booking/common";
import { paymentsSubgraph } from "@booking/payments/subgraph";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { usersSubgraph } from "@booking/users/subgraph";

/** The five subgraphs in port order: subgraph i listens on PORT+i+1 unless told otherwise. */
export const SUBGRAPHS: readonly SubgraphDefinition<any, object>[] = [usersSubgraph, businessesSubgraph, resourcesSubgraph, bookingsSubgraph, paymentsSubgraph];
