import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Owned by bookings; payments only knows its id and contributes `payment` and `payments`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Booking {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}
