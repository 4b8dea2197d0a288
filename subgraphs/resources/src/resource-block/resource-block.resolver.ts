import { DateTimeScalar, notImplemented } from "@booking/common";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { ResourcesContext } from "../context.js";
import { Resource } from "../resource/resource.type.js";
import type { ResourceBlockRow } from "./resource-block.repository.js";
import { ResourceBlock } from "./resource-block.type.js";

@Resolver(() => ResourceBlock)
export class ResourceBlockResolver {
  @FieldResolver(() => Resource)
  resource(@Root() block: ResourceBlockRow, @Ctx() ctx: ResourcesContext) {
    return ctx.resources.resource(block.resourceId);
  }

  @FieldResolver(() => DateTimeScalar)
  start(@Root() block: ResourceBlockRow): Date {
    return block.startTime;
  }

  @FieldResolver(() => DateTimeScalar)
  end(@Root() block: ResourceBlockRow): Date {
    return block.endTime;
  }

  @Mutation(() => ResourceBlock)
  blockResource(
    @Arg("resourceId", () => ID) _resourceId: string,
    @Arg("start", () => DateTimeScalar) _start: Date,
    @Arg("end", () => DateTimeScalar) _end: Date,
    @Arg("reason", () => String, { nullable: true }) _reason: string | null,
  ): ResourceBlock {
    throw notImplemented("blockResource");
  }

  @Mutation(() => Boolean)
  unblockResource(@Arg("blockId", () => ID) _blockId: string): boolean {
    throw notImplemented("unblockResource");
  }
}
