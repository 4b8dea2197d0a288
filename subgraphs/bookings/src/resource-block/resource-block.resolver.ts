import { DateTimeScalar } from "@booking/common";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { BookingsContext } from "../context.js";
import { Resource } from "../resource/resource.type.js";
import type { ResourceBlockRow } from "./resource-block.repository.js";
import { ResourceBlock } from "./resource-block.type.js";

@Resolver(() => ResourceBlock)
export class ResourceBlockResolver {
  @FieldResolver(() => Resource, { description: "the blocked resource" })
  resource(@Root() block: ResourceBlockRow): Resource {
    return { id: block.resourceId };
  }

  @FieldResolver(() => DateTimeScalar, { description: "first blocked instant" })
  start(@Root() block: ResourceBlockRow): Date {
    return block.startTime;
  }

  @FieldResolver(() => DateTimeScalar, { description: "end of the block (exclusive)" })
  end(@Root() block: ResourceBlockRow): Date {
    return block.endTime;
  }

  @Mutation(() => ResourceBlock, { description: "the business's owner or an admin; start before end; SLOT_UNAVAILABLE over live bookings" })
  blockResource(
    @Arg("resourceId", () => ID, { description: "the resource to block" }) resourceId: string,
    @Arg("start", () => DateTimeScalar, { description: "first blocked instant" }) start: Date,
    @Arg("end", () => DateTimeScalar, { description: "end of the block (exclusive)" }) end: Date,
    @Arg("reason", () => String, { description: "why, for the vendor's records", nullable: true }) reason: string | null,
    @Ctx() ctx: BookingsContext,
  ) {
    return ctx.blocks.block(resourceId, start, end, reason);
  }

  @Mutation(() => Boolean, { description: "the business's owner or an admin; NOT_FOUND for unknown blocks" })
  unblockResource(@Arg("blockId", () => ID, { description: "the block to remove" }) blockId: string, @Ctx() ctx: BookingsContext) {
    return ctx.blocks.unblock(blockId);
  }
}
