import { DateTimeScalar, connectionTypes } from "@booking/common";
import { BusinessType, BusinessStatus } from "@booking/contracts";
import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { User } from "../user/user.type.js";

@ObjectType({ description: "Owned by businesses. A vendor owns at most one business." })
@Directive('@key(fields: "id")')
export class Business {
  @Field(() => ID)
  id!: string;

  @Field(() => User)
  owner!: User;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => BusinessType)
  type!: BusinessType;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { description: "IANA time zone, e.g. Europe/Berlin; opening hours and nights are local to it" })
  timezone!: string;

  @Field(() => BusinessStatus)
  status!: BusinessStatus;

  @Field(() => Boolean)
  isVerified!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

export const { EdgeType: BusinessEdge, ConnectionType: BusinessConnection } = connectionTypes(() => Business, "Business");

@InputType()
export class CreateBusinessInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => BusinessType)
  type!: BusinessType;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String)
  timezone!: string;
}

@InputType()
export class UpdateBusinessInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;
}

@InputType()
export class BusinessFilter {
  @Field(() => BusinessType, { nullable: true })
  type?: BusinessType;

  @Field(() => BusinessStatus, { nullable: true })
  status?: BusinessStatus;

  @Field(() => String, { nullable: true })
  city?: string;

  @Field(() => String, { nullable: true })
  search?: string;
}
