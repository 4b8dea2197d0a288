import type { Role } from "@booking/common";
import type { BusinessFacts } from "./catalog.js";

/**
 * The demo data set (`SEED_DEMO`, `npm run seed`): who and what each subgraph loads into its
 * empty database, with fixed ids so that the subgraphs agree without calling each other.
 * Each subgraph seeds its own part (users the accounts, businesses the businesses, resources
 * its replica of them and their resources) from these facts.
 */

/** Every demo account signs in with this password (README lists the accounts). */
export const DEMO_PASSWORD = "booking-demo-2026";

export interface DemoAccount {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  role: `${Role}`;
}

export const DEMO_ACCOUNTS = {
  admin: { id: "0d3e0000-0000-4000-8000-000000000001", email: "admin@example.com", username: "demo_admin", firstName: "Ada", lastName: "Admin", role: "ADMIN" },
  hotelOwner: { id: "0d3e0000-0000-4000-8000-000000000002", email: "hotel@example.com", username: "harbour_hotel", firstName: "Helena", lastName: "Marques", role: "VENDOR" },
  clinicOwner: { id: "0d3e0000-0000-4000-8000-000000000003", email: "clinic@example.com", username: "riverside_clinic", firstName: "Daniel", lastName: "Okafor", role: "VENDOR" },
  salonOwner: { id: "0d3e0000-0000-4000-8000-000000000004", email: "salon@example.com", username: "studio_kami", firstName: "Kenji", lastName: "Sato", role: "VENDOR" },
  coworkOwner: { id: "0d3e0000-0000-4000-8000-000000000005", email: "cowork@example.com", username: "harbourside_cowork", firstName: "Olivia", lastName: "Chen", role: "VENDOR" },
  customer: { id: "0d3e0000-0000-4000-8000-000000000006", email: "customer@example.com", username: "demo_customer", firstName: "Chris", lastName: "Customer", role: "CUSTOMER" },
} as const satisfies Record<string, DemoAccount>;

export interface DemoBusiness {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  type: BusinessFacts["type"];
  address: string;
  city: string;
  phone: string;
  email: string;
  timezone: string;
}

/** Four ACTIVE, verified businesses in four time zones (two hemispheres, so daylight saving differs). */
export const DEMO_BUSINESSES = {
  hotel: {
    id: "0d3e0000-0000-4000-8000-000000000101",
    ownerId: DEMO_ACCOUNTS.hotelOwner.id,
    name: "Harbour View Hotel",
    description: "A small hotel on the Lisbon waterfront: doubles, twins and a river-view suite, priced per night.",
    type: "HOTEL",
    address: "Rua da Ribeira Nova 12",
    city: "Lisbon",
    phone: "+351 21 555 0100",
    email: "stay@harbourview.example.com",
    timezone: "Europe/Lisbon",
  },
  clinic: {
    id: "0d3e0000-0000-4000-8000-000000000102",
    ownerId: DEMO_ACCOUNTS.clinicOwner.id,
    name: "Riverside Family Clinic",
    description: "General practice and paediatrics; book a 30-minute consultation on weekdays.",
    type: "CLINIC",
    address: "240 Riverside Drive",
    city: "New York",
    phone: "+1 212 555 0142",
    email: "appointments@riverside.example.com",
    timezone: "America/New_York",
  },
  salon: {
    id: "0d3e0000-0000-4000-8000-000000000103",
    ownerId: DEMO_ACCOUNTS.salonOwner.id,
    name: "Studio Kami Hair Salon",
    description: "Cuts and colour in Shibuya, Tuesday to Saturday; chairs by the hour.",
    type: "SALON",
    address: "2-14-5 Dogenzaka, Shibuya",
    city: "Tokyo",
    phone: "+81 3 5555 0123",
    email: "hello@studiokami.example.com",
    timezone: "Asia/Tokyo",
  },
  cowork: {
    id: "0d3e0000-0000-4000-8000-000000000104",
    ownerId: DEMO_ACCOUNTS.coworkOwner.id,
    name: "Harbourside Cowork",
    description: "Twenty hot desks by the day and a meeting room by the hour, near Circular Quay.",
    type: "CO_WORKING",
    address: "1 Macquarie Place",
    city: "Sydney",
    phone: "+61 2 5550 1234",
    email: "desk@harbourside.example.com",
    timezone: "Australia/Sydney",
  },
} as const satisfies Record<string, DemoBusiness>;
