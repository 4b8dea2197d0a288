import { DEMO_BUSINESSES, PriceUnit, ResourceType, type DemoBusiness } from "@booking/contracts";
import { Decimal } from "decimal.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { newResourceFields } from "../resource/resource.input.js";
import type { CreateResourceInput } from "../resource/resource.type.js";

type DemoResource = Omit<CreateResourceInput, "categoryId" | "price"> & { id: string; price: string; category: string };

interface DemoCatalog {
  business: DemoBusiness;
  categories: Record<string, string>;
  resources: DemoResource[];
}

const weekdays = (intervals: [string, string][], days = [1, 2, 3, 4, 5]) =>
  days.flatMap((dayOfWeek) => intervals.map(([opens, closes]) => ({ dayOfWeek, opens, closes })));

const id = (n: number) => `0d3e0000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Per business: categories (name -> id) and resources, as a vendor would enter them. */
const CATALOGS: DemoCatalog[] = [
  {
    business: DEMO_BUSINESSES.hotel,
    categories: { Rooms: id(201), Suites: id(202) },
    resources: [
      { id: id(301), category: "Rooms", name: "Room 101 · Double", type: ResourceType.HOTEL_ROOM, description: "Queen bed, courtyard side.", metadata: { beds: "1 double", sleeps: 2, floor: 1 }, price: "120.00", currency: "EUR", priceUnit: PriceUnit.NIGHT, freeCancellationHours: 48 },
      { id: id(302), category: "Rooms", name: "Room 102 · Twin", type: ResourceType.HOTEL_ROOM, description: "Two single beds, street side.", metadata: { beds: "2 single", sleeps: 2, floor: 1 }, price: "110.00", currency: "EUR", priceUnit: PriceUnit.NIGHT, freeCancellationHours: 48 },
      { id: id(303), category: "Suites", name: "Suite 201 · River view", type: ResourceType.HOTEL_ROOM, description: "Living room and balcony over the Tagus.", metadata: { beds: "1 king + sofa bed", sleeps: 4, floor: 2, balcony: true }, price: "240.00", currency: "EUR", priceUnit: PriceUnit.NIGHT, freeCancellationHours: 72 },
    ],
  },
  {
    business: DEMO_BUSINESSES.clinic,
    categories: { "General practice": id(211), Paediatrics: id(212) },
    resources: [
      { id: id(311), category: "General practice", name: "Dr. Ana Costa", type: ResourceType.DOCTOR_SLOT, description: "Family medicine, adults and teens.", metadata: { languages: ["en", "pt", "es"] }, price: "80.00", currency: "USD", priceUnit: PriceUnit.SLOT, slotMinutes: 30, openingHours: weekdays([["09:00", "12:00"], ["13:00", "17:00"]]), freeCancellationHours: 24 },
      { id: id(312), category: "Paediatrics", name: "Dr. Ben Okafor", type: ResourceType.DOCTOR_SLOT, description: "Children from birth to 16.", metadata: { languages: ["en"] }, price: "95.00", currency: "USD", priceUnit: PriceUnit.SLOT, slotMinutes: 30, openingHours: weekdays([["08:30", "12:30"]], [1, 3, 5]), freeCancellationHours: 24 },
    ],
  },
  {
    business: DEMO_BUSINESSES.salon,
    categories: { Chairs: id(221), Colour: id(222) },
    resources: [
      { id: id(321), category: "Chairs", name: "Chair 1", type: ResourceType.SALON_CHAIR, description: "Cut and style.", metadata: { stylist: "Yuki" }, price: "6000", currency: "JPY", priceUnit: PriceUnit.HOUR, openingHours: weekdays([["10:00", "19:00"]], [2, 3, 4, 5, 6]), freeCancellationHours: 12 },
      { id: id(322), category: "Chairs", name: "Chair 2", type: ResourceType.SALON_CHAIR, description: "Cut and style.", metadata: { stylist: "Haruto" }, price: "6000", currency: "JPY", priceUnit: PriceUnit.HOUR, openingHours: weekdays([["10:00", "19:00"]], [2, 3, 4, 5, 6]), freeCancellationHours: 12 },
      { id: id(323), category: "Colour", name: "Colour station", type: ResourceType.SALON_CHAIR, description: "Colour, highlights and toning.", metadata: { stylist: "Mei" }, price: "8000", currency: "JPY", priceUnit: PriceUnit.HOUR, openingHours: weekdays([["11:00", "19:00"]], [3, 4, 5, 6]), freeCancellationHours: 24 },
    ],
  },
  {
    business: DEMO_BUSINESSES.cowork,
    categories: { Desks: id(231), "Meeting rooms": id(232) },
    resources: [
      { id: id(331), category: "Desks", name: "Hot desk pool", type: ResourceType.DESK, description: "Any free desk in the open space; monitors and lockers.", metadata: { monitors: true, lockers: true }, price: "35.00", currency: "AUD", priceUnit: PriceUnit.DAY, capacity: 20, openingHours: [], freeCancellationHours: 24 },
      { id: id(332), category: "Meeting rooms", name: "Meeting room Banksia", type: ResourceType.OTHER, description: "Six seats, screen and whiteboard.", metadata: { seats: 6, screen: true }, price: "25.00", currency: "AUD", priceUnit: PriceUnit.HOUR, capacity: 1, openingHours: weekdays([["08:00", "20:00"]]), freeCancellationHours: 4 },
    ],
  },
];

/**
 * Loads the demo catalog: the replica rows of the demo businesses (as their first version),
 * their categories and resources, each resource checked by the same rules as createResource.
 * Only into a database with no catalog yet (replica rows may have come already: businesses
 * publishes its seeded businesses as events); returns how many resources it made.
 */
export async function seedDemoCatalog(db: PrismaClient): Promise<number> {
  if ((await db.resourceCategory.count()) > 0 || (await db.resource.count()) > 0) return 0;
  return db.$transaction(async (tx) => {
    let made = 0;
    for (const { business, categories, resources } of CATALOGS) {
      const { id: businessId, ownerId, name, type, city, timezone } = business;
      // a replica row that came as an event is the same version or newer: it stays
      const replica = { id: businessId, ownerId, name, type, city, timezone, status: "ACTIVE", version: 1n } as const;
      await tx.business.upsert({ where: { id: businessId }, create: replica, update: {} });
      await tx.resourceCategory.createMany({ data: Object.entries(categories).map(([categoryName, categoryId]) => ({ id: categoryId, businessId, name: categoryName })) });
      for (const { id: resourceId, category, price, ...input } of resources) {
        const fields = newResourceFields({ ...input, price: new Decimal(price) });
        await tx.resource.create({
          data: {
            ...fields,
            id: resourceId,
            businessId,
            categoryId: categories[category]!,
            price: fields.price.toFixed(2),
            metadata: fields.metadata as Prisma.InputJsonObject,
            openingHours: fields.openingHours as unknown as Prisma.InputJsonArray,
          },
        });
        made += 1;
      }
    }
    return made;
  }, { timeout: 30_000 });
}
