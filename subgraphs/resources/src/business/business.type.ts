import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * Owned by businesses. This subgraph knows a business by id and contributes its
 * resources and categories.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Business {
  @Field(() => ID, { description: "stable id" })
  id!: string;
}
