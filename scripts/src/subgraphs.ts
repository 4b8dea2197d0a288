import { bookingsSubgraph } from "@booking/bookings/subgraph";
import { businessesSubgraph } from "@booking/businesses/subgraph";
import { paymentsSubgraph } from "@booking/payments/subgraph";
import { resourcesSubgraph } from "@booking/resources/subgraph";
import { usersSubgraph } from "@booking/users/subgraph";

/**
 * Each subgraph's definition, by its name in SUBGRAPH_NAMES (which gives the order and ports);
 * a name missing here fails the build where the list is read (`SUBGRAPHS[name]`).
 */
export const SUBGRAPHS: {
  users: typeof usersSubgraph;
  businesses: typeof businessesSubgraph;
  resources: typeof resourcesSubgraph;
  bookings: typeof bookingsSubgraph;
  payments: typeof paymentsSubgraph;
} = {
  users: usersSubgraph,
  businesses: businessesSubgraph,
  resources: resourcesSubgraph,
  bookings: bookingsSubgraph,
  payments: paymentsSubgraph,
};
