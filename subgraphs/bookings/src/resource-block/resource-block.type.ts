import { DateTimeScalar } from "@booking/common";
import { Field, ID, ObjectType } from "type-graphql";
import { Resource } from "../resource/resource.type.js";

@ObjectType({ description: "A period in which a resource cannot be booked (maintenance, holidays)." })
export class ResourceBlock {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => Resource, { description: "the blocked resource" })
  resource!: Resource;

  @Field(() => DateTimeScalar, { description: "first blocked instant" })
  start!: Date;

  @Field(() => DateTimeScalar, { description: "end of the block (exclusive)" })
  end!: Date;

  @Field(() => String, { description: "why, for the vendor's records", nullable: true })
  reason!: string | null;
}
