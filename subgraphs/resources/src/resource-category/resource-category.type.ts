import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";

@ObjectType()
@Directive('@key(fields: "id")')
export class ResourceCategory {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Business)
  business!: Business;
}
