import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";

@ObjectType({ description: "A named group of a business's resources (e.g. Suites, Meeting rooms)." })
@Directive('@key(fields: "id")')
export class ResourceCategory {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => String, { description: "unique within its business" })
  name!: string;

  @Field(() => Business, { description: "the business it belongs to" })
  business!: Business;
}
