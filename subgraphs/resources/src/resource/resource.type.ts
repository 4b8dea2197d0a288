import { DateTimeScalar, DecimalScalar, JSONScalar, Money, connectionTypes } from "@booking/common";
import { BusinessType, PriceUnit, ResourceType, ResourceStatus } from "@booking/contracts";
import type { Decimal } from "decimal.js";
import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Business } from "../business/business.type.js";
import { ResourceCategory } from "../resource-category/resource-category.type.js";

@ObjectType({ description: "A weekly opening interval in the business time zone. dayOfWeek: 1 = Monday ... 7 = Sunday." })
export class OpeningHours {
  @Field(() => Int, { description: "ISO day of week: 1 Monday .. 7 Sunday" })
  dayOfWeek!: number;

  @Field(() => String, { description: "local opening time, HH:MM" })
  opens!: string;

  @Field(() => String, { description: "local closing time, HH:MM, after opens" })
  closes!: string;
}

@InputType({ description: "One opening period of a weekday, in the business's time zone." })
export class OpeningHoursInput {
  @Field(() => Int, { description: "ISO day of week: 1 Monday .. 7 Sunday" })
  dayOfWeek!: number;

  @Field(() => String, { description: "local opening time, HH:MM" })
  opens!: string;

  @Field(() => String, { description: "local closing time, HH:MM, after opens" })
  closes!: string;
}

@ObjectType({ description: "Owned by resources." })
@Directive('@key(fields: "id")')
export class Resource {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => Business, { description: "the business that offers it" })
  business!: Business;

  @Field(() => String, { description: "display name" })
  name!: string;

  @Field(() => ResourceType, { description: "what kind of resource it is" })
  type!: ResourceType;

  @Field(() => String, { description: "free text for customers", nullable: true })
  description!: string | null;

  @Field(() => ResourceCategory, { description: "its category within the business, if any", nullable: true })
  category!: ResourceCategory | null;

  @Field(() => JSONScalar, { description: "free-form attributes (beds, floor, specialty ...)" })
  metadata!: Record<string, unknown>;

  @Field(() => Money, { description: "price per unit (priceUnit)" })
  price!: Money;

  @Field(() => PriceUnit, { description: "how a booking's length turns into billable units" })
  priceUnit!: PriceUnit;

  @Field(() => Int, { description: "units that can be booked at the same time (1 for a room or chair, N for N desks)" })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: "slot length, for priceUnit SLOT" })
  slotMinutes!: number | null;

  @Field(() => [OpeningHours], { description: "empty means always open" })
  openingHours!: OpeningHours[];

  @Field(() => Int, { description: "cancellations at least this many hours before start are refunded in full" })
  freeCancellationHours!: number;

  @Field(() => ResourceStatus, { description: "only ACTIVE resources of ACTIVE businesses are bookable" })
  status!: ResourceStatus;

  @Field(() => DateTimeScalar, { description: "when it was created" })
  createdAt!: Date;
}

export const { EdgeType: ResourceEdge, ConnectionType: ResourceConnection } = connectionTypes(() => Resource, "Resource");

@InputType({ description: "A new bookable resource of a business." })
export class CreateResourceInput {
  @Field(() => String, { description: "display name" })
  name!: string;

  @Field(() => ResourceType, { description: "what kind of resource it is" })
  type!: ResourceType;

  @Field(() => String, { description: "free text for customers", nullable: true })
  description?: string | null;

  @Field(() => ID, { description: "a category of the same business", nullable: true })
  categoryId?: string | null;

  @Field(() => JSONScalar, { description: "free-form attributes", nullable: true })
  metadata?: Record<string, unknown> | null;

  @Field(() => DecimalScalar, { description: "price per unit, with the currency's minor-unit decimals" })
  price!: Decimal;

  @Field(() => String, { nullable: true, description: "default USD" })
  currency?: string | null;

  @Field(() => PriceUnit, { description: "how a booking's length turns into billable units" })
  priceUnit!: PriceUnit;

  @Field(() => Int, { nullable: true, description: "default 1" })
  capacity?: number | null;

  @Field(() => Int, { description: "slot length, required for priceUnit SLOT", nullable: true })
  slotMinutes?: number | null;

  @Field(() => [OpeningHoursInput], { description: "when it can be booked; none means always open", nullable: true })
  openingHours?: OpeningHoursInput[] | null;

  @Field(() => Int, { nullable: true, description: "default 24" })
  freeCancellationHours?: number | null;
}

@InputType({ description: "Changes to a resource: an absent field stays, null clears an optional one." })
export class UpdateResourceInput {
  @Field(() => String, { description: "new display name (cannot be null)", nullable: true })
  name?: string | null;

  @Field(() => String, { description: "new description", nullable: true })
  description?: string | null;

  @Field(() => ID, { description: "new category of the same business", nullable: true })
  categoryId?: string | null;

  @Field(() => JSONScalar, { description: "new free-form attributes", nullable: true })
  metadata?: Record<string, unknown> | null;

  @Field(() => DecimalScalar, { description: "new unit price", nullable: true })
  price?: Decimal | null;

  @Field(() => String, { description: "new ISO 4217 currency", nullable: true })
  currency?: string | null;

  @Field(() => Int, { description: "new number of units that can be booked at once", nullable: true })
  capacity?: number | null;

  @Field(() => Int, { description: "new slot length", nullable: true })
  slotMinutes?: number | null;

  @Field(() => [OpeningHoursInput], { description: "new opening hours, replacing the old ones", nullable: true })
  openingHours?: OpeningHoursInput[] | null;

  @Field(() => Int, { description: "new free-cancellation window, for bookings made from now on", nullable: true })
  freeCancellationHours?: number | null;
}

@InputType({ description: "Narrows the resource list; absent fields do not filter." })
export class ResourceFilter {
  @Field(() => ID, { description: "only this business's resources", nullable: true })
  businessId?: string;

  @Field(() => ResourceType, { description: "only resources of this type", nullable: true })
  type?: ResourceType;

  @Field(() => BusinessType, { description: "only resources of businesses of this type", nullable: true })
  businessType?: BusinessType;

  @Field(() => String, { description: "the business's city (case-insensitive)", nullable: true })
  city?: string;

  @Field(() => DecimalScalar, { description: "unit price at least this", nullable: true })
  minPrice?: Decimal;

  @Field(() => DecimalScalar, { description: "unit price at most this", nullable: true })
  maxPrice?: Decimal;

  @Field(() => String, { description: "case-insensitive substring of the name, description or business name", nullable: true })
  search?: string;
}
