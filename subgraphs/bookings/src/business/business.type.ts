import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Owned by businesses; bookings only knows its id and contributes `bookings`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Business {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}
