import { DEMO_PASSWORD } from "@booking/contracts";
import { randomUUID } from "node:crypto";
import pg from "pg";

/**
 * The data `npm run bench` measures on: the demo data set plus vendors with confirmed bookings,
 * made through the router as clients make them (register, verify, business, resource, book,
 * confirm), and one busy resource whose 10,000 bookings go straight into the bookings
 * database (the API would take minutes for them).
 */

export async function graphql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}...: ${JSON.stringify(body.errors).slice(0, 600)}`);
  return body.data!;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

const PASSWORD = "bench password 2026";
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface Account {
  id: string;
  token: string;
}

export interface BenchVendor extends Account {
  businessId: string;
  /** Holds the vendor's confirmed bookings (the dashboard's). */
  dashboardResourceId: string;
  /** Free for the createBooking scenario. */
  spareResourceId: string;
}

export async function signIn(url: string, login: string, password: string): Promise<Account> {
  const data = await graphql(url, `mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken user { id } } }`, { l: login, p: password });
  return { id: data.login.user.id, token: data.login.accessToken };
}

/** register -> the code from the users event outbox -> verifyEmail -> login. */
export async function signUp(url: string, usersDatabaseUrl: string, name: string, role: "CUSTOMER" | "VENDOR"): Promise<Account> {
  const email = `${name}@bench.example.com`;
  await graphql(url, `mutation($input: RegisterInput!) { register(input: $input) { id } }`, {
    input: { email, username: name.replaceAll("-", "_"), password: PASSWORD, role, firstName: "Bench", lastName: name },
  });
  const client = new pg.Client({ connectionString: usersDatabaseUrl });
  await client.connect();
  try {
    // users publishes each mail as a mail.requested event in the transaction that makes the code
    const { rows } = await client.query<{ text: string }>(
      `SELECT payload->>'text' AS text FROM events.event_outbox WHERE type = 'mail.requested' AND payload->>'to' = $1 ORDER BY position DESC LIMIT 1`,
      [email.toLowerCase()],
    );
    const code = /\b(\d{6})\b/.exec(rows[0]?.text ?? "")?.[1];
    if (!code) throw new Error(`no verification code was mailed to ${email}`);
    await graphql(url, `mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { id } }`, { email, code });
  } finally {
    await client.end();
  }
  return signIn(url, email, PASSWORD);
}

const CREATE_RESOURCE = `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { id } }`;
const ROOM = { type: "HOTEL_ROOM", price: "40.00", currency: "EUR", priceUnit: "HOUR", capacity: 1, freeCancellationHours: 24 };

/** A vendor with an ACTIVE, verified business (verified by `admin`) and two bookable hourly rooms. */
export async function makeVendor(url: string, usersDatabaseUrl: string, admin: Account, name: string): Promise<BenchVendor> {
  const vendor = await signUp(url, usersDatabaseUrl, name, "VENDOR");
  const business = (
    await graphql(url, `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { id } }`, { input: { name: `Bench ${name}`, type: "HOTEL", city: "Lisbon", timezone: "Europe/Lisbon" } }, vendor.token)
  ).createBusiness;
  await graphql(url, `mutation($id: ID!) { verifyBusiness(id: $id) { id } }`, { id: business.id }, admin.token);
  const dashboard = (await graphql(url, CREATE_RESOURCE, { businessId: business.id, input: { ...ROOM, name: `${name} room A` } }, vendor.token)).createResource;
  const spare = (await graphql(url, CREATE_RESOURCE, { businessId: business.id, input: { ...ROOM, name: `${name} room B` } }, vendor.token)).createResource;
  return { ...vendor, businessId: business.id, dashboardResourceId: dashboard.id, spareResourceId: spare.id };
}

export const CREATE_BOOKING = `mutation($input: CreateBookingInput!) { createBooking(input: $input) { id status } }`;

/** `count` bookings of the vendor's dashboard room, one hour each from `firstDay` on, booked by the customers in turn and confirmed by the vendor. */
export async function confirmedBookings(url: string, vendor: BenchVendor, customers: Account[], count: number, firstDayMs: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const start = new Date(firstDayMs + index * HOUR);
    const customer = customers[index % customers.length]!;
    const booking = (
      await graphql(url, CREATE_BOOKING, { input: { resourceId: vendor.dashboardResourceId, startTime: start.toISOString(), endTime: new Date(start.getTime() + HOUR).toISOString(), idempotencyKey: `bench-${vendor.id}-${index}` } }, customer.token)
    ).createBooking;
    await graphql(url, `mutation($id: ID!) { confirmBooking(id: $id) { id } }`, { id: booking.id }, vendor.token);
  }
}

/**
 * `count` CONFIRMED one-hour bookings of one resource (capacity `capacity`), by the customers in
 * turn, hour after hour from `fromMs` over `hours` hours (wrapping, so that no hour holds more
 * than count / hours of them), inserted in one statement straight into the bookings database:
 * the rows confirmBooking leaves (no payment: confirmed without online payment), in seconds
 * rather than the minutes a thousand createBooking + confirmBooking take on a busy machine.
 */
export async function insertConfirmedBookings(
  bookingsDatabaseUrl: string,
  target: { resourceId: string; businessId: string; ownerId: string; customerIds: string[]; capacity: number; type: string; name: string },
  count: number,
  fromMs: number,
  hours: number,
): Promise<void> {
  if (Math.ceil(count / hours) > target.capacity) throw new Error(`${count} bookings do not fit ${hours} hours of capacity ${target.capacity}`);
  const client = new pg.Client({ connectionString: bookingsDatabaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO bookings (booking_number, customer_id, resource_id, business_id, business_owner_id, status, start_time, end_time, quantity, units, resource_capacity,
         snapshot_business_name, snapshot_resource_name, snapshot_resource_type, unit_price, currency, price_unit, timezone, total, contact_email, idempotency_key, created_at)
       SELECT 'BENCH-' || $6 || '-' || n, ($1::uuid[])[1 + n % cardinality($1::uuid[])], $2, $3, $4, 'CONFIRMED',
         to_timestamp($5 / 1000.0) + ((n % $8) * interval '1 hour'), to_timestamp($5 / 1000.0) + ((n % $8) * interval '1 hour') + interval '1 hour',
         1, 1, $9, 'Bench business', $10, $11::"ResourceType", 40, 'EUR', 'HOUR', 'Europe/Lisbon', 40, 'bench@bench.example.com', 'bench-' || $6 || '-' || n,
         now() - (n * interval '1 second')
       FROM generate_series(1, $7) AS n`,
      [target.customerIds, target.resourceId, target.businessId, target.ownerId, fromMs, randomUUID().slice(0, 8), count, hours, target.capacity, target.name, target.type],
    );
  } finally {
    await client.end();
  }
}

export { DAY, HOUR, DEMO_PASSWORD };
