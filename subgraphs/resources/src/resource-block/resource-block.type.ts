import { DateTimeScalar } from "@booking/common";
import { Field, ID, ObjectType } from "type-graphql";
import { Resource } from "../resource/resource.type.js";

@ObjectType({ description: "A period in which a resource cannot be booked (maintenance, holidays)." })
export class ResourceBlock {
  @Field(() => ID)
  id!: string;

  @Field(() => Resource)
  resource!: Resource;

  @Field(() => DateTimeScalar)
  start!: Date;

  @Field(() => DateTimeScalar)
  end!: Date;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}
