import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Owned by users; bookings only knows its id and contributes `bookings`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}
