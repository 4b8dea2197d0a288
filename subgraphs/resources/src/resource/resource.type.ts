import { DateTimeScalar, DecimalScalar, JSONScalar, Money, connectionTypes } from "@booking/common";
import { BusinessType, PriceUnit, ResourceType, ResourceStatus } from "@booking/contracts";
import type { Decimal } from "decimal.js";
import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";
import { ResourceCategory } from "../resource-category/resource-category.type.js";

@ObjectType({ description: "A weekly opening interval in the business time zone. dayOfWeek: 1 = Monday ... 7 = Sunday." })
export class OpeningHours {
  @Field(() => Int)
  dayOfWeek!: number;

  @Field(() => String)
  opens!: string;

  @Field(() => String)
  closes!: string;
}

@InputType()
export class OpeningHoursInput {
  @Field(() => Int)
  dayOfWeek!: number;

  @Field(() => String)
  opens!: string;

  @Field(() => String)
  closes!: string;
}

@ObjectType({ description: "Owned by resources." })
@Directive('@key(fields: "id")')
export class Resource {
  @Field(() => ID)
  id!: string;

  @Field(() => Business)
  business!: Business;

  @Field(() => String)
  name!: string;

  @Field(() => ResourceType)
  type!: ResourceType;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ResourceCategory, { nullable: true })
  category!: ResourceCategory | null;

  @Field(() => JSONScalar)
  metadata!: Record<string, unknown>;

  @Field(() => Money)
  price!: Money;

  @Field(() => PriceUnit)
  priceUnit!: PriceUnit;

  @Field(() => Int, { description: "units that can be booked at the same time (1 for a room or chair, N for N desks)" })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: "slot length, for priceUnit SLOT" })
  slotMinutes!: number | null;

  @Field(() => [OpeningHours], { description: "empty means always open" })
  openingHours!: OpeningHours[];

  @Field(() => Int, { description: "cancellations at least this many hours before start are refunded in full" })
  freeCancellationHours!: number;

  @Field(() => ResourceStatus)
  status!: ResourceStatus;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

export const { EdgeType: ResourceEdge, ConnectionType: ResourceConnection } = connectionTypes(() => Resource, "Resource");

@InputType()
export class CreateResourceInput {
  @Field(() => String)
  name!: string;

  @Field(() => ResourceType)
  type!: ResourceType;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  metadata?: Record<string, unknown> | null;

  @Field(() => DecimalScalar)
  price!: Decimal;

  @Field(() => String, { nullable: true, description: "default USD" })
  currency?: string | null;

  @Field(() => PriceUnit)
  priceUnit!: PriceUnit;

  @Field(() => Int, { nullable: true, description: "default 1" })
  capacity?: number | null;

  @Field(() => Int, { nullable: true })
  slotMinutes?: number | null;

  @Field(() => [OpeningHoursInput], { nullable: true })
  openingHours?: OpeningHoursInput[] | null;

  @Field(() => Int, { nullable: true, description: "default 24" })
  freeCancellationHours?: number | null;
}

@InputType()
export class UpdateResourceInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  metadata?: Record<string, unknown> | null;

  @Field(() => DecimalScalar, { nullable: true })
  price?: Decimal | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { nullable: true })
  capacity?: number | null;

  @Field(() => Int, { nullable: true })
  slotMinutes?: number | null;

  @Field(() => [OpeningHoursInput], { nullable: true })
  openingHours?: OpeningHoursInput[] | null;

  @Field(() => Int, { nullable: true })
  freeCancellationHours?: number | null;
}

@InputType()
export class ResourceFilter {
  @Field(() => ID, { nullable: true })
  businessId?: string;

  @Field(() => ResourceType, { nullable: true })
  type?: ResourceType;

  @Field(() => BusinessType, { nullable: true })
  businessType?: BusinessType;

  @Field(() => String, { nullable: true })
  city?: string;

  @Field(() => DecimalScalar, { nullable: true })
  minPrice?: Decimal;

  @Field(() => DecimalScalar, { nullable: true })
  maxPrice?: Decimal;

  @Field(() => String, { nullable: true })
  search?: string;
}
