import { DateTimeScalar } from "@booking/common";
import { ArgsType, Directive, Field, ID, Int, ObjectType } from "type-graphql";

/** Owned by resources; bookings only knows its id and contributes `bookings` and `availability`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Resource {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}

@ObjectType({ description: "A stretch of time over which the free units of a resource do not change." })
export class AvailabilityWindow {
  @Field(() => DateTimeScalar, { description: "where the window starts" })
  start!: Date;

  @Field(() => DateTimeScalar, { description: "where it ends (exclusive)" })
  end!: Date;

  @Field(() => Int, { description: "units still free for the whole window" })
  available!: number;
}

@ArgsType()
export class AvailabilityArgs {
  @Field(() => DateTimeScalar, { description: "start of the range to look at" })
  from!: Date;

  @Field(() => DateTimeScalar, { description: "end of the range (at most 62 days after from)" })
  to!: Date;
}
