import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * Owned by users. This subgraph knows a user only by id: enough to point at an owner and
 * to contribute `User.business`.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}
