import { registerEnumType } from "type-graphql";

// Enums that more than one service uses are declared once here, so composition always
// sees the same values. (Role, the caller's, lives with the trust chain in @booking/common.)

export enum BusinessType {
  HOTEL = "HOTEL",
  CLINIC = "CLINIC",
  SALON = "SALON",
  CO_WORKING = "CO_WORKING",
  OTHER = "OTHER",
}
registerEnumType(BusinessType, { name: "BusinessType" });

export enum ResourceType {
  HOTEL_ROOM = "HOTEL_ROOM",
  DOCTOR_SLOT = "DOCTOR_SLOT",
  SALON_CHAIR = "SALON_CHAIR",
  DESK = "DESK",
  OTHER = "OTHER",
}
registerEnumType(ResourceType, { name: "ResourceType" });

export enum PriceUnit {
  HOUR = "HOUR",
  DAY = "DAY",
  NIGHT = "NIGHT",
  SLOT = "SLOT",
}
registerEnumType(PriceUnit, {
  name: "PriceUnit",
  description:
    "How a booking's length turns into billable units:\nHOUR: whole hours; DAY: whole 24-hour days; NIGHT: local calendar nights crossed\n(check-in date to check-out date in the business time zone); SLOT: fixed slots of\nslotMinutes aligned to the opening time.",
});

export enum BookingStatus {
  HOLD = "HOLD",
  CONFIRMED = "CONFIRMED",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
  NO_SHOW = "NO_SHOW",
}
registerEnumType(BookingStatus, { name: "BookingStatus" });
