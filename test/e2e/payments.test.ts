import { bookingPaymentConsumerOn } from "@booking/bookings/consumers";
import { callInternal } from "@booking/common";
import { TEST_PROVIDER_PAY_PATH, TEST_PROVIDER_WEBHOOKS_PATH } from "@booking/contracts";
import { handleDelivery, type EventEnvelope } from "@booking/events";
import { createHmac, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailsTo as deliveredMailsTo, signUp, signUpAdmin, type SignedIn } from "../support/accounts.js";
import { book } from "../support/bookings.js";
import { codeOf } from "../support/errors.js";
import { makeBookableResource, type TestResource } from "../support/factories.js";
import { waitFor } from "../support/wait.js";
import { jetStreamUnavailable, type EventEngine } from "../support/events.js";
import { TEST_INTERNAL_SECRET, TEST_PAYMENTS_WEBHOOK_SECRET } from "../support/subgraph.js";
import { startTestSupergraph, type TestSupergraph } from "../support/supergraph.js";

// The same suite on both engines of the event backbone; JetStream's is skipped, saying why,
// where no NATS answers.
const jetStreamSkip = await jetStreamUnavailable();
if (jetStreamSkip) console.log(`payments over JetStream skipped: ${jetStreamSkip}`);
const ENGINES: { engine: EventEngine; skip: string | null }[] = [
  { engine: "pg-boss", skip: null },
  { engine: "jetstream", skip: jetStreamSkip },
];

const PAYMENT_FIELDS = `id status provider providerPaymentId clientSecret failureReason createdAt
  amount { amount currency } refundedAmount { amount currency } refunds { id status reason amount { amount currency } }
  booking { id status }`;
const CREATE_INTENT = `mutation($bookingId: ID!, $key: String!) { createPaymentIntent(bookingId: $bookingId, idempotencyKey: $key) { ${PAYMENT_FIELDS} } }`;
const CONFIRM = `mutation($id: ID!, $method: String!) { confirmPayment(paymentId: $id, paymentMethod: $method) { ${PAYMENT_FIELDS} } }`;
const REFUND = `mutation($id: ID!, $amount: Decimal, $reason: String, $key: String!) {
  refundPayment(paymentId: $id, amount: $amount, reason: $reason, idempotencyKey: $key) { id status reason amount { amount currency } payment { id refundedAmount { amount } } } }`;
const PAYMENT = `query($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} ledgerEntries { account type amount { amount currency } } } }`;

describe.each(ENGINES)("payments through the router, events on $engine", ({ engine, skip }) => {
  let system: TestSupergraph;
  let customer: SignedIn;
  let stranger: SignedIn;
  let admin: SignedIn;
  let room: TestResource;
  let bookingsDb: pg.Pool;
  let day = 0;

  beforeAll(async () => {
    if (skip) return;
    system = await startTestSupergraph({ events: engine });
    [customer, stranger, admin] = await Promise.all([signUp(system, { prefix: "payer" }), signUp(system, { prefix: "stranger" }), signUpAdmin(system)]);
    // 40.00 EUR an hour, free cancellation up to 24 hours before the start
    room = await makeBookableResource(system, { capacity: 1, price: "40.00", currency: "EUR", freeCancellationHours: 24 });
    bookingsDb = new pg.Pool({ connectionString: system.subgraphs.bookings.databaseUrl, max: 3 });
  }, 90_000);
  afterAll(async () => {
    await bookingsDb?.end();
    await system?.stop();
  });

  /** A HOLD of one hour of `room` on a day of its own, `daysAhead` from now (default: 10 days plus). */
  function hold(token = customer.accessToken, options: { startTime?: Date; hours?: number } = {}) {
    day += 1;
    const startTime = options.startTime ?? new Date(Date.now() + (10 + day) * 86_400_000);
    startTime.setUTCMinutes(0, 0, 0);
    const endTime = new Date(startTime.getTime() + (options.hours ?? 1) * 3_600_000);
    return book(system, token, { resourceId: room.resource.id, startTime: startTime.toISOString(), endTime: endTime.toISOString() });
  }
  const createIntent = (bookingId: string, key: string = randomUUID(), token: string | undefined = customer.accessToken) => system.request(CREATE_INTENT, { bookingId, key }, { token });
  const confirm = (id: string, method: string, token: string | undefined = customer.accessToken) => system.request(CONFIRM, { id, method }, { token });
  const refund = (id: string, key: string, options: { amount?: string; reason?: string; token?: string } = {}) =>
    system.request(REFUND, { id, key, amount: options.amount, reason: options.reason }, { token: options.token ?? room.vendor.accessToken });
  const paymentAs = async (id: string, token = room.vendor.accessToken) => (await system.request(PAYMENT, { id }, { token })).data?.payment;
  const bookingStatus = async (id: string) => (await system.subgraphs.bookings.db.booking.findUniqueOrThrow({ where: { id } })).status;
  const confirmations = (bookingId: string) => system.subgraphs.bookings.db.bookingStatusChange.count({ where: { bookingId, toStatus: "CONFIRMED" } });

  /** A HOLD with an intent the customer made: what most tests start from. */
  async function intentFor(booking?: { id: string; total: { amount: string } }) {
    const held = booking ?? (await hold());
    const created = await createIntent(held.id);
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    return { booking: held, payment: created.data.createPaymentIntent };
  }

  /** A booking CONFIRMED by its payment (pm_card_visa), once the backbone has carried the success. */
  async function paidBooking(booking?: { id: string; total: { amount: string } }) {
    const { booking: held, payment } = await intentFor(booking);
    const paid = await confirm(payment.id, "pm_card_visa");
    expect(paid.errors, JSON.stringify(paid.errors)).toBeUndefined();
    await waitFor(async () => (await bookingStatus(held.id)) === "CONFIRMED", 10_000, "the payment to confirm the booking");
    return { booking: held, payment: paid.data.confirmPayment };
  }

  /** Debits and credits of a payment's ledger, and each account's net (debits less credits). */
  async function books(paymentId: string) {
    const entries = await system.subgraphs.payments.db.ledgerEntry.findMany({ where: { paymentId } });
    const total = (type: string, account?: string) =>
      entries.filter((entry) => entry.type === type && (!account || entry.account === account)).reduce((sum, entry) => sum + Math.round(Number(entry.amount) * 100), 0) / 100;
    const net = (account: string) => Math.round((total("DEBIT", account) - total("CREDIT", account)) * 100) / 100;
    return { debits: total("DEBIT"), credits: total("CREDIT"), customer: net("CUSTOMER"), earnings: net("PROVIDER_EARNINGS"), commission: net("COMMISSION"), lines: entries.length };
  }

  /** POSTs a webhook to the router as a provider would; `signature` overrides the correct one. */
  async function webhook(event: object | string, options: { signature?: string | null; timestamp?: number; secret?: string; provider?: string } = {}) {
    const body = typeof event === "string" ? event : JSON.stringify(event);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", options.secret ?? TEST_PAYMENTS_WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest("hex");
    const signature = options.signature === undefined ? `t=${timestamp},v1=${v1}` : options.signature;
    const response = await fetch(new URL(`/webhooks/payments/${options.provider ?? "test"}`, system.router.url), {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature === null ? {} : { "payment-signature": signature }) },
      body,
    });
    return { status: response.status, body: await response.json() };
  }
  const providerEvent = (type: string, providerPaymentId: string, data: Record<string, unknown> = {}) => ({
    id: `evt_${randomUUID()}`,
    type,
    data: { providerPaymentId, amount: "40.00", currency: "EUR", failureReason: null, ...data },
  });
  const testProvider = (path: string, body: unknown) => callInternal<any>(system.subgraphs.payments.url, path, body, { audience: "payments", internalSecret: TEST_INTERNAL_SECRET });
  const mailsTo = (email: string, subject: RegExp) => deliveredMailsTo(system, email, subject);

  describe.skipIf(skip !== null)("", () => {
    describe("createPaymentIntent", () => {
      it("charges the booking's total from bookings, idempotent per key, one live intent per booking", async () => {
        const booking = await hold();
        const key = randomUUID();
        const created = await createIntent(booking.id, key);
        expect(created.errors).toBeUndefined();
        const payment = created.data.createPaymentIntent;
        expect(payment).toMatchObject({
          status: "REQUIRES_PAYMENT_METHOD",
          provider: "test",
          amount: { amount: booking.total.amount, currency: "EUR" },
          refundedAmount: { amount: "0.00", currency: "EUR" },
          refunds: [],
          failureReason: null,
          booking: { id: booking.id, status: "HOLD" },
        });
        expect(payment.providerPaymentId).toMatch(/^pi_test_/);
        expect(payment.clientSecret).toMatch(/_secret_/);
        // the same key: the same payment; another key while one is live: the live one
        expect((await createIntent(booking.id, key)).data.createPaymentIntent.id).toBe(payment.id);
        expect((await createIntent(booking.id, randomUUID())).data.createPaymentIntent.id).toBe(payment.id);
        // racing keys still make one live intent
        const racing = await Promise.all([1, 2, 3].map(() => createIntent(booking.id, randomUUID())));
        expect(new Set(racing.map((result) => result.data.createPaymentIntent.id))).toEqual(new Set([payment.id]));
        expect(await system.subgraphs.payments.db.payment.count({ where: { bookingId: booking.id } })).toBe(1);
        // a key belongs to its booking
        const other = await hold();
        expect(codeOf(await createIntent(other.id, key))).toBe("IDEMPOTENCY_KEY_REUSED");
      });

      it("is for the booking's customer only: anyone else gets NOT_FOUND, anonymous callers UNAUTHENTICATED", async () => {
        const booking = await hold();
        expect(codeOf(await createIntent(booking.id, randomUUID(), stranger.accessToken))).toBe("NOT_FOUND");
        expect(codeOf(await createIntent(booking.id, randomUUID(), room.vendor.accessToken))).toBe("NOT_FOUND");
        expect(codeOf(await createIntent(booking.id, randomUUID(), admin.accessToken))).toBe("NOT_FOUND");
        expect(codeOf(await createIntent(booking.id, randomUUID(), ""))).toBe("UNAUTHENTICATED");
        expect(codeOf(await createIntent(randomUUID()))).toBe("NOT_FOUND");
        expect(codeOf(await createIntent("not-an-id"))).toBe("NOT_FOUND");
        expect(codeOf(await createIntent(booking.id, " "))).toBe("BAD_USER_INPUT");
        expect(await system.subgraphs.payments.db.payment.count({ where: { bookingId: booking.id } })).toBe(0);
      });

      it("answers HOLD_EXPIRED once the hold has run out, shown EXPIRED or not, and INVALID_STATE for other states", async () => {
        const overdue = await hold();
        // run out, but the expiry job has not flipped it yet (it skips rows locked elsewhere)
        await system.subgraphs.bookings.db.booking.update({ where: { id: overdue.id }, data: { holdExpiresAt: new Date(Date.now() - 1_000) } });
        expect(codeOf(await createIntent(overdue.id))).toBe("HOLD_EXPIRED");
        await waitFor(async () => (await bookingStatus(overdue.id)) === "EXPIRED", 5_000, "the expiry job");
        expect(codeOf(await createIntent(overdue.id))).toBe("HOLD_EXPIRED");
        const cancelled = await hold();
        await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: cancelled.id }, { token: customer.accessToken });
        expect(codeOf(await createIntent(cancelled.id))).toBe("INVALID_STATE");
        const { booking: paid } = await paidBooking();
        expect(codeOf(await createIntent(paid.id))).toBe("INVALID_STATE");
      });
    });

    describe("confirmPayment", () => {
      it("pm_card_visa: SUCCEEDED at once, the ledger captured and balanced, the booking CONFIRMED once over the backbone, mailed", async () => {
        const { booking, payment } = await intentFor();
        const started = Date.now();
        const paid = await confirm(payment.id, "pm_card_visa");
        expect(paid.errors).toBeUndefined();
        expect(paid.data.confirmPayment).toMatchObject({ id: payment.id, status: "SUCCEEDED", failureReason: null });
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "CONFIRMED");
        console.log(`[${engine}] payment success to CONFIRMED: ${Date.now() - started} ms (confirmPayment included)`);
        // 40.00: the customer pays it all, the business earns 36.00, the platform 4.00 (10 %)
        expect(await books(payment.id)).toEqual({ debits: 40, credits: 40, customer: 40, earnings: -36, commission: -4, lines: 3 });
        expect((await paymentAs(payment.id)).ledgerEntries).toEqual(
          expect.arrayContaining([
            { account: "CUSTOMER", type: "DEBIT", amount: { amount: "40.00", currency: "EUR" } },
            { account: "PROVIDER_EARNINGS", type: "CREDIT", amount: { amount: "36.00", currency: "EUR" } },
            { account: "COMMISSION", type: "CREDIT", amount: { amount: "4.00", currency: "EUR" } },
          ]),
        );
        const history = await system.subgraphs.bookings.db.bookingStatusChange.findMany({ where: { bookingId: booking.id }, orderBy: { position: "asc" } });
        expect(history.at(-1)).toMatchObject({ fromStatus: "HOLD", toStatus: "CONFIRMED", reason: "Paid" });
        await waitFor(async () => (await mailsTo(customer.email, new RegExp(`${booking.bookingNumber} is confirmed`))).length === 1, 10_000, "the confirmation mail");
        // the provider's own webhook for the same success arrives and changes nothing
        await waitFor(async () => (await system.subgraphs.payments.db.webhookEvent.count({ where: { paymentId: payment.id } })) === 1, 5_000, "the provider's webhook");
        expect(await books(payment.id)).toMatchObject({ lines: 3 });
        expect(await confirmations(booking.id)).toBe(1);
        // a settled payment cannot be confirmed again
        expect(codeOf(await confirm(payment.id, "pm_card_visa"))).toBe("INVALID_STATE");
      });

      it("pm_card_chargeDeclined: FAILED with card_declined, final; the customer makes a new intent and pays", async () => {
        const { booking, payment } = await intentFor();
        const declined = await confirm(payment.id, "pm_card_chargeDeclined");
        expect(declined.data.confirmPayment).toMatchObject({ status: "FAILED", failureReason: "card_declined" });
        expect(await books(payment.id)).toMatchObject({ lines: 0 });
        expect(codeOf(await confirm(payment.id, "pm_card_visa"))).toBe("INVALID_STATE");
        expect(await bookingStatus(booking.id)).toBe("HOLD");
        const again = await createIntent(booking.id);
        expect(again.data.createPaymentIntent.id).not.toBe(payment.id);
        expect((await confirm(again.data.createPaymentIntent.id, "pm_card_visa")).data.confirmPayment.status).toBe("SUCCEEDED");
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "CONFIRMED");
        // a failure reported later for the settled payment changes nothing
        expect((await webhook(providerEvent("payment_intent.payment_failed", again.data.createPaymentIntent.providerPaymentId, { failureReason: "card_declined" }))).status).toBe(200);
        expect((await paymentAs(again.data.createPaymentIntent.id)).status).toBe("SUCCEEDED");
      });

      it("a method that settles later: PROCESSING, then the provider's webhook settles it and confirms the booking", async () => {
        const { booking, payment } = await intentFor();
        const processing = await confirm(payment.id, "pm_card_settles_later");
        expect(processing.data.confirmPayment.status).toBe("PROCESSING");
        expect(await bookingStatus(booking.id)).toBe("HOLD");
        // while it settles, another key still returns the live intent
        expect((await createIntent(booking.id)).data.createPaymentIntent.id).toBe(payment.id);
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "the webhook to settle it");
        expect((await paymentAs(payment.id)).status).toBe("SUCCEEDED");
        expect(await books(payment.id)).toMatchObject({ debits: 40, credits: 40 });
        const declined = await intentFor();
        expect((await confirm(declined.payment.id, "pm_card_settles_later_declined")).data.confirmPayment.status).toBe("PROCESSING");
        await waitFor(async () => (await paymentAs(declined.payment.id, customer.accessToken)).status === "FAILED", 10_000, "the failure webhook");
        expect((await paymentAs(declined.payment.id, customer.accessToken)).failureReason).toBe("card_declined");
        expect(await bookingStatus(declined.booking.id)).toBe("HOLD");
      });

      it("a payment made at the provider directly with the client secret is settled by the webhook alone", async () => {
        const { booking, payment } = await intentFor();
        expect(await testProvider(TEST_PROVIDER_PAY_PATH, { clientSecret: payment.clientSecret, paymentMethod: "pm_card_visa" })).toEqual({ status: "SUCCEEDED" });
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "the webhook to settle it");
        expect((await paymentAs(payment.id)).status).toBe("SUCCEEDED");
        expect(await books(payment.id)).toMatchObject({ debits: 40, credits: 40, lines: 3 });
      });

      it("on a hold that has run out answers HOLD_EXPIRED and charges nothing; only the payer confirms", async () => {
        const { booking, payment } = await intentFor();
        expect(codeOf(await confirm(payment.id, "pm_card_visa", room.vendor.accessToken))).toBe("FORBIDDEN");
        expect(codeOf(await confirm(payment.id, "pm_card_visa", admin.accessToken))).toBe("FORBIDDEN");
        expect(codeOf(await confirm(payment.id, "pm_card_visa", stranger.accessToken))).toBe("NOT_FOUND");
        expect(codeOf(await confirm(payment.id, "pm_card_unknown"))).toBe("BAD_USER_INPUT");
        await system.subgraphs.bookings.db.booking.update({ where: { id: booking.id }, data: { holdExpiresAt: new Date(Date.now() - 1_000) } });
        expect(codeOf(await confirm(payment.id, "pm_card_visa"))).toBe("HOLD_EXPIRED");
        expect((await paymentAs(payment.id)).status).toBe("REQUIRES_PAYMENT_METHOD");
        expect(await books(payment.id)).toMatchObject({ lines: 0 });
        const sent = await testProvider(TEST_PROVIDER_WEBHOOKS_PATH, { action: "sent" });
        expect(sent.deliveries.filter((delivery: { body: string }) => delivery.body.includes(payment.providerPaymentId))).toEqual([]);
      });
    });

    describe("the provider's webhook", () => {
      it("refuses what is unsigned, wrongly signed, stale or altered (400, no change), and applies the genuine event once", async () => {
        const { booking, payment } = await intentFor();
        const event = providerEvent("payment_intent.succeeded", payment.providerPaymentId);
        const body = JSON.stringify(event);
        const now = Math.floor(Date.now() / 1000);
        const refusals = [
          await webhook(body, { signature: null }),
          await webhook(body, { signature: "" }),
          await webhook(body, { signature: `t=${now},v1=${"0".repeat(64)}` }),
          await webhook(body, { secret: "another-secret-0123456789abcdef" }),
          await webhook(body, { timestamp: now - 301 }),
          await webhook(body, { timestamp: now + 301 }),
          // signed, then altered on the way
          await webhook(body.replace('"40.00"', '"0.01"'), { signature: (await signedHeader(body, now)) }),
        ];
        expect(refusals.map((refusal) => refusal.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
        expect((await paymentAs(payment.id)).status).toBe("REQUIRES_PAYMENT_METHOD");
        expect(await system.subgraphs.payments.db.webhookEvent.count({ where: { paymentId: payment.id } })).toBe(0);
        // within the window, either way, and the genuine body: applied
        expect(await webhook(body, { timestamp: now - 290 })).toEqual({ status: 200, body: { received: true } });
        expect((await paymentAs(payment.id)).status).toBe("SUCCEEDED");
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "CONFIRMED");
        // the same event again: 200, nothing more
        expect(await webhook(body)).toEqual({ status: 200, body: { received: true, ignored: "already processed" } });
        expect(await books(payment.id)).toMatchObject({ lines: 3 });
        expect(await confirmations(booking.id)).toBe(1);
      });

      it("acknowledges unknown payments and event types and changes nothing; an unknown provider is 404", async () => {
        expect(await webhook(providerEvent("payment_intent.succeeded", "pi_nobody"))).toEqual({ status: 200, body: { received: true, ignored: "unknown payment" } });
        expect(await webhook(providerEvent("customer.created", "pi_nobody"))).toEqual({ status: 200, body: { received: true, ignored: "event type" } });
        expect((await webhook("not json")).status).toBe(400);
        expect((await webhook(providerEvent("payment_intent.succeeded", "pi_nobody"), { provider: "stripe" })).status).toBe(404);
      });

      it("survives deliveries held back, replayed and out of order: each outcome applies once, a settled payment never goes back", async () => {
        await testProvider(TEST_PROVIDER_WEBHOOKS_PATH, { action: "hold" });
        let released = false;
        try {
          const { booking, payment } = await intentFor();
          expect((await testProvider(TEST_PROVIDER_PAY_PATH, { clientSecret: payment.clientSecret, paymentMethod: "pm_card_visa" })).status).toBe("SUCCEEDED");
          // the provider has charged; payments does not know yet
          expect((await paymentAs(payment.id)).status).toBe("REQUIRES_PAYMENT_METHOD");
          expect((await testProvider(TEST_PROVIDER_WEBHOOKS_PATH, { action: "release" })).held).toBe(1);
          released = true;
          await waitFor(async () => (await paymentAs(payment.id)).status === "SUCCEEDED", 10_000, "the released webhook");
          const [sent] = (await testProvider(TEST_PROVIDER_WEBHOOKS_PATH, { action: "sent" })).deliveries.filter((delivery: { body: string }) => delivery.body.includes(payment.providerPaymentId));
          for (let replay = 0; replay < 3; replay += 1) expect((await webhook(sent.body)).status).toBe(200);
          expect((await webhook(providerEvent("payment_intent.payment_failed", payment.providerPaymentId, { failureReason: "card_declined" }))).status).toBe(200);
          await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 10_000, "CONFIRMED");
          expect((await paymentAs(payment.id)).status).toBe("SUCCEEDED");
          expect(await books(payment.id)).toMatchObject({ debits: 40, credits: 40, lines: 3 });
          expect(await confirmations(booking.id)).toBe(1);
        } finally {
          if (!released) await testProvider(TEST_PROVIDER_WEBHOOKS_PATH, { action: "release", drop: true });
        }
      });
    });

    describe("refundPayment", () => {
      it("partial refunds add up to the payment, reverse the ledger in proportion, and stop at what remains", async () => {
        const { payment } = await paidBooking();
        const first = await refund(payment.id, "first", { amount: "10.00", reason: "goodwill" });
        expect(first.errors).toBeUndefined();
        expect(first.data.refundPayment).toMatchObject({ status: "SUCCEEDED", reason: "goodwill", amount: { amount: "10.00", currency: "EUR" }, payment: { id: payment.id, refundedAmount: { amount: "10.00" } } });
        // 10.00 of 40.00 back: a quarter of the 4.00 commission comes back too
        expect(await books(payment.id)).toEqual({ debits: 50, credits: 50, customer: 30, earnings: -27, commission: -3, lines: 6 });
        // the same key: the same refund; another amount under it: IDEMPOTENCY_KEY_REUSED
        expect((await refund(payment.id, "first", { amount: "10.00" })).data.refundPayment.id).toBe(first.data.refundPayment.id);
        expect(codeOf(await refund(payment.id, "first", { amount: "11.00" }))).toBe("IDEMPOTENCY_KEY_REUSED");
        expect(codeOf(await refund(payment.id, "too-much", { amount: "30.01" }))).toBe("REFUND_EXCEEDS_PAYMENT");
        expect(codeOf(await refund(payment.id, "nothing", { amount: "0" }))).toBe("BAD_USER_INPUT");
        expect(codeOf(await refund(payment.id, "fraction", { amount: "1.001" }))).toBe("BAD_USER_INPUT");
        const second = await refund(payment.id, "second", { amount: "0.01", token: admin.accessToken });
        expect(second.data.refundPayment.amount.amount).toBe("0.01");
        expect(await books(payment.id)).toMatchObject({ customer: 29.99, earnings: -26.99, commission: -3 });
        // no amount: what remains
        const rest = await refund(payment.id, "rest");
        expect(rest.data.refundPayment).toMatchObject({ amount: { amount: "29.99" }, payment: { refundedAmount: { amount: "40.00" } } });
        // every account back to zero, not a cent lost to rounding
        expect(await books(payment.id)).toMatchObject({ customer: 0, earnings: 0, commission: 0 });
        expect(codeOf(await refund(payment.id, "after-all"))).toBe("REFUND_EXCEEDS_PAYMENT");
        const shown = await paymentAs(payment.id);
        expect(shown.refundedAmount.amount).toBe("40.00");
        expect(shown.refunds.map((shownRefund: { amount: { amount: string } }) => shownRefund.amount.amount)).toEqual(["10.00", "0.01", "29.99"]);
        await waitFor(async () => (await mailsTo(customer.email, /^Refund of /)).length >= 3, 10_000, "the refund mails");
      });

      it("is for the business owner and admins: the payer gets FORBIDDEN, anyone else NOT_FOUND; only a captured payment", async () => {
        const { payment } = await paidBooking();
        expect(codeOf(await refund(payment.id, "k", { token: customer.accessToken }))).toBe("FORBIDDEN");
        expect(codeOf(await refund(payment.id, "k", { token: stranger.accessToken }))).toBe("NOT_FOUND");
        expect(codeOf(await system.request(REFUND, { id: payment.id, key: "k" }))).toBe("UNAUTHENTICATED");
        expect(codeOf(await refund(randomUUID(), "k"))).toBe("NOT_FOUND");
        const { payment: open } = await intentFor();
        expect(codeOf(await refund(open.id, "k"))).toBe("INVALID_STATE");
        expect(await books(payment.id)).toMatchObject({ lines: 3 });
      });

      it("settles a refund made at the provider itself from its charge.refunded event, once", async () => {
        const { payment } = await paidBooking();
        const refunded = providerEvent("charge.refunded", payment.providerPaymentId, { amount: "15.00", providerRefundId: `re_${randomUUID()}` });
        expect((await webhook(refunded)).status).toBe(200);
        expect((await webhook(refunded)).status).toBe(200);
        expect((await paymentAs(payment.id)).refundedAmount.amount).toBe("15.00");
        expect(await books(payment.id)).toMatchObject({ customer: 25, debits: 55, credits: 55 });
      });
    });

    describe("visibility", () => {
      it("shows the client secret to the payer only and the ledger to the owner and admins only", async () => {
        const { payment } = await paidBooking();
        const asPayer = await paymentAs(payment.id, customer.accessToken);
        expect(asPayer.clientSecret).toBe(payment.clientSecret);
        expect(asPayer.ledgerEntries).toEqual([]);
        for (const token of [room.vendor.accessToken, admin.accessToken]) {
          const shown = await paymentAs(payment.id, token);
          expect(shown.clientSecret).toBeNull();
          expect(shown.ledgerEntries).toHaveLength(3);
        }
        expect(await paymentAs(payment.id, stranger.accessToken)).toBeNull();
      });
    });

    describe("the saga", () => {
      it("a success the booking cannot take (its hold ran out while the consumer was stopped) is refunded in full; the booking stays as it is", async () => {
        const booking = await hold();
        const { payment } = await intentFor(booking);
        // The consumer is stopped between publish and handling: it waits on the booking's row lock.
        const lock = await bookingsDb.connect();
        try {
          await lock.query("BEGIN");
          await lock.query(`SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE`, [booking.id]);
          // the hold has under two seconds left when the payment succeeds
          const { rows } = await bookingsDb.query<{ ends: Date }>(`SELECT now() + interval '1.5 seconds' AS ends`);
          await lock.query(`UPDATE bookings SET hold_expires_at = $2 WHERE id = $1`, [booking.id, rows[0]!.ends]);
          await lock.query("COMMIT");
          await lock.query("BEGIN");
          await lock.query(`SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE`, [booking.id]);
          expect((await confirm(payment.id, "pm_card_visa")).data.confirmPayment.status).toBe("SUCCEEDED");
          // the event is published and the consumer is held while the hold runs out
          await waitFor(async () => (await published(payment.id)) > 0, 10_000, "payment.succeeded to be published");
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        } finally {
          await lock.query("ROLLBACK");
          lock.release();
        }
        await waitFor(async () => (await paymentAs(payment.id)).refundedAmount.amount === "40.00", 20_000, "the automatic full refund");
        expect(await confirmations(booking.id)).toBe(0);
        expect(["HOLD", "EXPIRED"]).toContain(await bookingStatus(booking.id));
        await waitFor(async () => (await bookingStatus(booking.id)) === "EXPIRED", 5_000, "EXPIRED");
        const shown = await paymentAs(payment.id);
        expect(shown.refunds).toEqual([expect.objectContaining({ status: "SUCCEEDED", amount: { amount: "40.00", currency: "EUR" } })]);
        expect(await books(payment.id)).toMatchObject({ customer: 0, earnings: 0, commission: 0, debits: 80, credits: 80 });
      });

      it("a success whose consumer was stopped while the hold still runs confirms the booking exactly once, redeliveries included", async () => {
        const booking = await hold();
        const { payment } = await intentFor(booking);
        const lock = await bookingsDb.connect();
        try {
          await lock.query("BEGIN");
          await lock.query(`SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE`, [booking.id]);
          expect((await confirm(payment.id, "pm_card_visa")).data.confirmPayment.status).toBe("SUCCEEDED");
          await waitFor(async () => (await published(payment.id)) > 0, 10_000, "payment.succeeded to be published");
          await new Promise((resolve) => setTimeout(resolve, 500));
          expect(await bookingStatus(booking.id)).toBe("HOLD");
        } finally {
          await lock.query("ROLLBACK");
          lock.release();
        }
        await waitFor(async () => (await bookingStatus(booking.id)) === "CONFIRMED", 20_000, "CONFIRMED");
        // the engine delivers it again, twice at once: acknowledged without effect
        const event = await succeededEvent(payment.id);
        const consumer = bookingPaymentConsumerOn(system.subgraphs.bookings.db);
        const outcomes = await Promise.all([1, 2].map(() => handleDelivery(consumer, { event, attempt: 1, maxAttempts: 8 })));
        expect(outcomes).toEqual(["duplicate", "duplicate"]);
        expect(await confirmations(booking.id)).toBe(1);
        expect((await paymentAs(payment.id)).refundedAmount.amount).toBe("0.00");
      });

      it("a HOLD cancelled while its payment settles: the late success is refunded in full and the booking stays CANCELLED", async () => {
        const { booking, payment } = await intentFor();
        expect((await confirm(payment.id, "pm_card_settles_later")).data.confirmPayment.status).toBe("PROCESSING");
        const cancelled = await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: booking.id }, { token: customer.accessToken });
        expect(cancelled.data.cancelBooking.status).toBe("CANCELLED");
        await waitFor(async () => (await paymentAs(payment.id)).refundedAmount.amount === "40.00", 20_000, "the automatic refund");
        expect(await bookingStatus(booking.id)).toBe("CANCELLED");
        expect((await paymentAs(payment.id)).status).toBe("SUCCEEDED");
        expect(await books(payment.id)).toMatchObject({ customer: 0, earnings: 0, commission: 0 });
      });

      it("cancelling a paid booking refunds it in full when the owner or an admin cancels, or the customer does in time; later, nothing", async () => {
        const cancel = async (id: string, token: string) => {
          const result = await system.request(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id }, { token });
          expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
        };
        const byOwner = await paidBooking();
        const byAdmin = await paidBooking();
        const early = await paidBooking();
        // starts within the 24 free-cancellation hours
        const late = await paidBooking(await hold(customer.accessToken, { startTime: new Date(Date.now() + 5 * 3_600_000) }));
        await cancel(byOwner.booking.id, room.vendor.accessToken);
        await cancel(byAdmin.booking.id, admin.accessToken);
        await cancel(early.booking.id, customer.accessToken);
        await cancel(late.booking.id, customer.accessToken);
        for (const paid of [byOwner, byAdmin, early]) {
          await waitFor(async () => (await paymentAs(paid.payment.id)).refundedAmount.amount === "40.00", 20_000, "the cancellation refund");
          expect(await books(paid.payment.id)).toMatchObject({ customer: 0, earnings: 0, commission: 0 });
        }
        // the late one's cancellation was handled too (its event processed), and refunded nothing
        await waitFor(async () => (await processed("payments-refund-cancelled-bookings", late.booking.id)) === 1, 10_000, "the late cancellation to be handled");
        expect((await paymentAs(late.payment.id)).refundedAmount.amount).toBe("0.00");
        await waitFor(async () => (await mailsTo(customer.email, new RegExp(`${late.booking.bookingNumber} is cancelled`))).length === 1, 10_000, "the cancellation mail");
        // the vendor may still refund it by hand
        expect((await refund(late.payment.id, "goodwill", { amount: "20.00" })).data.refundPayment.status).toBe("SUCCEEDED");
      });
    });
  });

  async function signedHeader(body: string, timestamp: number) {
    return `t=${timestamp},v1=${createHmac("sha256", TEST_PAYMENTS_WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest("hex")}`;
  }

  /** payment.succeeded events of a payment that the payments relay has published. */
  async function published(paymentId: string): Promise<number> {
    const [row] = await system.subgraphs.payments.db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM events.event_outbox WHERE type = 'payment.succeeded' AND payload->>'paymentId' = ${paymentId} AND published_at IS NOT NULL`;
    return Number(row?.count ?? 0);
  }

  async function succeededEvent(paymentId: string): Promise<EventEnvelope> {
    const [row] = await system.subgraphs.payments.db.$queryRaw<{ id: string; type: string; source: string; occurred_at: Date; payload: EventEnvelope["payload"] }[]>`
      SELECT id, type, source, occurred_at, payload FROM events.event_outbox WHERE type = 'payment.succeeded' AND payload->>'paymentId' = ${paymentId}`;
    return { id: row!.id, type: row!.type, source: row!.source, occurredAt: row!.occurred_at.toISOString(), payload: row!.payload };
  }

  /** How many of the booking's `booking.cancelled` events a payments consumer has processed. */
  async function processed(consumer: string, bookingId: string): Promise<number> {
    const ids = await system.subgraphs.bookings.db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM events.event_outbox WHERE type = 'booking.cancelled' AND payload->>'bookingId' = ${bookingId}`;
    if (ids.length === 0) return 0;
    const [done] = await system.subgraphs.payments.db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM events.processed_event WHERE consumer = ${consumer} AND event_id = ANY(${ids.map((row) => row.id)}::uuid[])`;
    return Number(done?.count ?? 0);
  }
});

