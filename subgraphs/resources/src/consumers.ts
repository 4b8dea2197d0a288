import { businessFactsConsumer } from "./business/business-facts.consumer.js";
import { resourcesUnitOfWork } from "./subgraph.js";

/** The resources subgraph's consumer of businesses' facts on a client, for tests that deliver an event (again) as the engine would. */
export function businessFactsConsumerOn(client: Parameters<typeof resourcesUnitOfWork>[0]) {
  return businessFactsConsumer(resourcesUnitOfWork(client));
}
