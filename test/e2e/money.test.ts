import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "../support/accounts.js";
import { book, localTime } from "../support/bookings.js";
import { makeBookableResource } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";
import { waitFor } from "../support/wait.js";

let system: TestSupergraph;
let customer: SignedIn;

beforeAll(async () => {
  system = await startTestSupergraph();
  customer = await signUp(system, { prefix: "cust" });
}, 60_000);
afterAll(async () => system?.stop());

const at = (days: number, time: string) => localTime("Europe/Lisbon", days, time);
const CREATE_INTENT = `mutation($bookingId: ID!, $key: String!) { createPaymentIntent(bookingId: $bookingId, idempotencyKey: $key) { id amount { amount currency } } }`;
const PAY = `mutation($id: ID!) { confirmPayment(paymentId: $id, paymentMethod: "pm_card_visa") { id status } }`;
const LEDGER = `query($id: ID!) { payment(id: $id) { ledgerEntries { account type amount { amount currency } } } }`;

describe("money in the currency's ISO 4217 minor units", () => {
  // [currency, price per hour, as shown, total of 3 hours, commission of 10%, the business's share]
  const cases = [
    ["EUR", "12.35", "12.35", "37.05", "3.71", "33.34"],
    ["JPY", "1235", "1235", "3705", "371", "3334"],
    ["PYG", "12345", "12345", "37035", "3704", "33331"],
    ["XPF", "1235", "1235", "3705", "371", "3334"],
    ["IQD", "12.35", "12.350", "37.050", "3.705", "33.345"],
    ["LYD", "12.35", "12.350", "37.050", "3.705", "33.345"],
    ["KWD", "12.35", "12.350", "37.050", "3.705", "33.345"],
  ] as const;

  it.each(cases)("%s: prices, booking totals, payment amounts and the ledger split", async (currency, price, shown, total, commission, earnings) => {
    const resource = await makeBookableResource(system, { price, currency, priceUnit: "HOUR", capacity: 1 });
    const listed = await system.request(`query($id: ID!) { resource(id: $id) { price { amount currency } } }`, { id: resource.resource.id });
    expect(listed.data.resource.price).toEqual({ amount: shown, currency });
    const booking = await book(system, customer.accessToken, { resourceId: resource.resource.id, startTime: at(12, "09:00"), endTime: at(12, "12:00") });
    expect(booking.total).toEqual({ amount: total, currency });
    expect(booking.snapshot.unitPrice).toEqual({ amount: shown, currency });
    const intent = await system.request(CREATE_INTENT, { bookingId: booking.id, key: randomUUID() }, { token: customer.accessToken });
    expect(intent.data.createPaymentIntent.amount).toEqual({ amount: total, currency });
    const paid = await system.request(PAY, { id: intent.data.createPaymentIntent.id }, { token: customer.accessToken });
    expect(paid.data.confirmPayment.status).toBe("SUCCEEDED");
    const ledger = await waitFor(async () => {
      const entries = (await system.request(LEDGER, { id: intent.data.createPaymentIntent.id }, { token: resource.vendor.accessToken })).data.payment.ledgerEntries;
      return entries.length === 3 ? entries : null;
    }, 10_000, "the capture's ledger lines");
    expect(ledger).toEqual(
      expect.arrayContaining([
        { account: "CUSTOMER", type: "DEBIT", amount: { amount: total, currency } },
        { account: "COMMISSION", type: "CREDIT", amount: { amount: commission, currency } },
        { account: "PROVIDER_EARNINGS", type: "CREDIT", amount: { amount: earnings, currency } },
      ]),
    );
  }, 60_000);
});
