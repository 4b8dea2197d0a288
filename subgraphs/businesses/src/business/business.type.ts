import { DateTimeScalar, connectionTypes } from "@booking/common";
import { BusinessType, BusinessStatus } from "@booking/contracts";
import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { User } from "../user/user.type.js";

@ObjectType({ description: "Owned by businesses. A vendor owns at most one business." })
@Directive('@key(fields: "id")')
export class Business {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => User, { description: "the vendor who owns it" })
  owner!: User;

  @Field(() => String, { description: "display name" })
  name!: string;

  @Field(() => String, { description: "free text for customers", nullable: true })
  description!: string | null;

  @Field(() => BusinessType, { description: "what kind of business it is" })
  type!: BusinessType;

  @Field(() => String, { description: "street address", nullable: true })
  address!: string | null;

  @Field(() => String, { description: "city, used by filters", nullable: true })
  city!: string | null;

  @Field(() => String, { description: "contact phone", nullable: true })
  phone!: string | null;

  @Field(() => String, { description: "contact email", nullable: true })
  email!: string | null;

  @Field(() => String, { description: "IANA time zone, e.g. Europe/Berlin; opening hours and nights are local to it" })
  timezone!: string;

  @Field(() => BusinessStatus, { description: "only ACTIVE businesses are public and bookable" })
  status!: BusinessStatus;

  @Field(() => Boolean, { description: "set by an admin's verifyBusiness" })
  isVerified!: boolean;

  @Field(() => DateTimeScalar, { description: "when it was created" })
  createdAt!: Date;
}

export const { EdgeType: BusinessEdge, ConnectionType: BusinessConnection } = connectionTypes(() => Business, "Business");

@InputType({ description: "A vendor's business (one per vendor)." })
export class CreateBusinessInput {
  @Field(() => String, { description: "display name" })
  name!: string;

  @Field(() => String, { description: "free text for customers", nullable: true })
  description?: string | null;

  @Field(() => BusinessType, { description: "what kind of business it is" })
  type!: BusinessType;

  @Field(() => String, { description: "street address", nullable: true })
  address?: string | null;

  @Field(() => String, { description: "city", nullable: true })
  city?: string | null;

  @Field(() => String, { description: "contact phone", nullable: true })
  phone?: string | null;

  @Field(() => String, { description: "contact email", nullable: true })
  email?: string | null;

  @Field(() => String, { description: "IANA time zone, e.g. Europe/Berlin (BAD_USER_INPUT for an unknown one)" })
  timezone!: string;
}

@InputType({ description: "Changes to a business: an absent field stays, null clears an optional one." })
export class UpdateBusinessInput {
  @Field(() => String, { description: "new display name (cannot be null)", nullable: true })
  name?: string | null;

  @Field(() => String, { description: "new description", nullable: true })
  description?: string | null;

  @Field(() => String, { description: "new street address", nullable: true })
  address?: string | null;

  @Field(() => String, { description: "new city", nullable: true })
  city?: string | null;

  @Field(() => String, { description: "new contact phone", nullable: true })
  phone?: string | null;

  @Field(() => String, { description: "new contact email", nullable: true })
  email?: string | null;

  @Field(() => String, { description: "new IANA time zone (cannot be null)", nullable: true })
  timezone?: string | null;
}

@InputType({ description: "Narrows the business list; absent fields do not filter." })
export class BusinessFilter {
  @Field(() => BusinessType, { description: "only businesses of this type", nullable: true })
  type?: BusinessType;

  @Field(() => BusinessStatus, { description: "only businesses in this status", nullable: true })
  status?: BusinessStatus;

  @Field(() => String, { description: "case-insensitive substring of the city", nullable: true })
  city?: string;

  @Field(() => String, { description: "case-insensitive substring of the name, description or city", nullable: true })
  search?: string;
}
