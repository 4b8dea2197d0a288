import { EVENT_TYPES } from "@booking/contracts";
import type { EventConsumer } from "@booking/events";
import type { ResourcesUnitOfWork } from "../repositories.js";
import { applyBusinessFacts } from "./business-replica.js";

/**
 * Businesses' changes reach the replica here, each event once (the backbone records its id in
 * the transaction that applies it), in any order: only a newer version replaces the stored one.
 */
export function businessFactsConsumer(uow: ResourcesUnitOfWork): EventConsumer<ResourcesUnitOfWork["repositories"]> {
  return {
    name: "resources-replicate-businesses",
    eventTypes: [EVENT_TYPES.businessFactsChanged],
    transaction: (work) => uow.transaction(work),
    async handle(event, repositories) {
      await applyBusinessFacts(repositories, [event.payload]);
    },
  };
}
