import { DateTimeScalar } from "@booking/common";
import { ArgsType, Directive, Field, ID, Int, ObjectType } from "type-graphql";

/** Owned by resources; bookings only knows its id and contributes `bookings` and `availability`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Resource {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class AvailabilityWindow {
  @Field(() => DateTimeScalar)
  start!: Date;

  @Field(() => DateTimeScalar)
  end!: Date;

  @Field(() => Int, { description: "units still free for the whole window" })
  available!: number;
}

@ArgsType()
export class AvailabilityArgs {
  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;
}
