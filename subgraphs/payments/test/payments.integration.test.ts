import { Role, type Viewer } from "@booking/common";
import { paymentsSubgraph } from "@booking/payments/subgraph";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subgraphRequest, startTestSubgraph, type TestSubgraph } from "../../../test/support/subgraph.js";
import { daysFromNow } from "../../../test/support/time.js";
import { codeOf } from "../../../test/support/errors.js";

// Every instant is relative to now: these payments were made a month ago.
const PAID_AT = daysFromNow(-30, 10);
const secondsAfterPaying = (seconds: number) => new Date(PAID_AT.getTime() + seconds * 1000);

type PaymentsDb = Awaited<ReturnType<typeof paymentsSubgraph.connect>>;
type PaymentData = Parameters<PaymentsDb["payment"]["create"]>[0]["data"];

let subgraph: TestSubgraph<PaymentsDb>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(paymentsSubgraph);
  // A server whose default zone is not UTC: instants must still be stored as given.
  const database = new URL(subgraph.databaseUrl).pathname.slice(1);
  await subgraph.db.$executeRawUnsafe(`ALTER DATABASE "${database}" SET TimeZone = 'Asia/Kolkata'`);
});
afterAll(async () => subgraph?.stop());

const admin: Viewer = { userId: randomUUID(), role: Role.ADMIN };
const customer = (): Viewer => ({ userId: randomUUID(), role: Role.CUSTOMER });
const vendor = (): Viewer => ({ userId: randomUUID(), role: Role.VENDOR });
const payerOf = (payment: { customerId: string }): Viewer => ({ userId: payment.customerId, role: Role.CUSTOMER });
const ownerOf = (payment: { businessOwnerId: string }): Viewer => ({ userId: payment.businessOwnerId, role: Role.VENDOR });

/** A payment row with sensible defaults: 150.00 EUR for a booking, not yet paid. */
async function makePayment(overrides: Partial<PaymentData> = {}) {
  return subgraph.db.payment.create({
    data: {
      bookingId: randomUUID(),
      customerId: randomUUID(),
      businessId: randomUUID(),
      businessOwnerId: randomUUID(),
      amount: "150.00",
      currency: "EUR",
      clientSecret: `pi_secret_${randomUUID()}`,
      idempotencyKey: randomUUID(),
      ...overrides,
    },
  });
}

function makeRefund(paymentId: string, amount: string, status: "PENDING" | "SUCCEEDED" | "FAILED" = "SUCCEEDED") {
  return subgraph.db.refund.create({ data: { paymentId, amount, status, reason: "goodwill", idempotencyKey: randomUUID() } });
}

/** A balanced capture of 150.00 EUR: the database refuses a payment whose ledger does not balance. */
function makeCapture(paymentId: string) {
  return subgraph.db.ledgerEntry.createMany({
    data: [
      { paymentId, account: "CUSTOMER", type: "DEBIT", amount: "150.00", currency: "EUR", createdAt: secondsAfterPaying(0) },
      { paymentId, account: "PROVIDER_EARNINGS", type: "CREDIT", amount: "135.00", currency: "EUR", createdAt: secondsAfterPaying(1) },
      { paymentId, account: "COMMISSION", type: "CREDIT", amount: "15.00", currency: "EUR", createdAt: secondsAfterPaying(2) },
    ],
  });
}

const PAYMENT_FIELDS = `id booking { id } amount { amount currency } status provider providerPaymentId clientSecret failureReason
  refundedAmount { amount currency } refunds { id amount { amount currency } status reason createdAt payment { id } }
  ledgerEntries { id account type amount { amount currency } createdAt } createdAt`;

const BOOKING_ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Booking {
  id payment { id status refundedAmount { amount } refunds { amount { amount } status payment { id } } ledgerEntries { account type amount { amount } } } payments { id status }
} } }`;

describe("Query.payment", () => {
  it("shows every contract field to the paying customer, client secret included, ledger excluded", async () => {
    const row = await makePayment({ status: "SUCCEEDED", providerPaymentId: `pi_${randomUUID()}` });
    const refund = await makeRefund(row.id, "20.00");
    await makeCapture(row.id);
    const result = await subgraphRequest(subgraph.url, `query($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`, { id: row.id }, { viewer: payerOf(row) });
    expect(result.errors).toBeUndefined();
    expect(result.data.payment).toEqual({
      id: row.id,
      booking: { id: row.bookingId },
      amount: { amount: "150.00", currency: "EUR" },
      status: "SUCCEEDED",
      provider: "test",
      providerPaymentId: row.providerPaymentId,
      clientSecret: row.clientSecret,
      failureReason: null,
      refundedAmount: { amount: "20.00", currency: "EUR" },
      refunds: [{ id: refund.id, amount: { amount: "20.00", currency: "EUR" }, status: "SUCCEEDED", reason: "goodwill", createdAt: refund.createdAt.toISOString(), payment: { id: row.id } }],
      ledgerEntries: [],
      createdAt: row.createdAt.toISOString(),
    });
  });

  it("shows the business owner and admins the ledger but never the client secret", async () => {
    const row = await makePayment({ status: "SUCCEEDED" });
    await subgraph.db.ledgerEntry.createMany({
      data: [
        { paymentId: row.id, account: "CUSTOMER", type: "DEBIT", amount: "150.00", currency: "EUR", createdAt: secondsAfterPaying(0) },
        { paymentId: row.id, account: "PROVIDER_EARNINGS", type: "CREDIT", amount: "135.00", currency: "EUR", createdAt: secondsAfterPaying(1) },
        { paymentId: row.id, account: "COMMISSION", type: "CREDIT", amount: "15.00", currency: "EUR", createdAt: secondsAfterPaying(2) },
      ],
    });
    for (const viewer of [ownerOf(row), admin]) {
      const result = await subgraphRequest(subgraph.url, `query($id: ID!) { payment(id: $id) { clientSecret ledgerEntries { account type amount { amount } createdAt } } }`, { id: row.id }, { viewer });
      expect(result.errors).toBeUndefined();
      expect(result.data.payment).toEqual({
        clientSecret: null,
        ledgerEntries: [
          { account: "CUSTOMER", type: "DEBIT", amount: { amount: "150.00" }, createdAt: secondsAfterPaying(0).toISOString() },
          { account: "PROVIDER_EARNINGS", type: "CREDIT", amount: { amount: "135.00" }, createdAt: secondsAfterPaying(1).toISOString() },
          { account: "COMMISSION", type: "CREDIT", amount: { amount: "15.00" }, createdAt: secondsAfterPaying(2).toISOString() },
        ],
      });
    }
  });

  it("answers NOT_FOUND to strangers and for unknown or malformed ids, UNAUTHENTICATED to anonymous callers", async () => {
    const row = await makePayment();
    const ask = (id: string, viewer: Viewer | null) => subgraphRequest(subgraph.url, `query($id: ID!) { payment(id: $id) { id } }`, { id }, { viewer });
    expect(codeOf((await ask(row.id, customer())))).toBe("NOT_FOUND");
    expect(codeOf((await ask(row.id, vendor())))).toBe("NOT_FOUND");
    expect(codeOf((await ask(row.id, null)))).toBe("UNAUTHENTICATED");
    for (const id of [randomUUID(), "not-a-uuid", ""]) {
      expect(codeOf((await ask(id, admin)))).toBe("NOT_FOUND");
    }
  });

  it("adds refunded amounts exactly, counting only succeeded refunds, in the currency's decimals", async () => {
    const row = await makePayment({ status: "SUCCEEDED" });
    await makeRefund(row.id, "0.10");
    await makeRefund(row.id, "0.20");
    await makeRefund(row.id, "50.00", "FAILED");
    await makeRefund(row.id, "60.00", "PENDING");
    const untouched = await makePayment({ status: "SUCCEEDED" });
    const yen = await makePayment({ status: "SUCCEEDED", amount: "15000", currency: "JPY" });
    await makeRefund(yen.id, "500");

    const refunded = async (payment: { id: string; businessOwnerId: string }) =>
      (await subgraphRequest(subgraph.url, `query($id: ID!) { payment(id: $id) { amount { amount currency } refundedAmount { amount currency } } }`, { id: payment.id }, { viewer: ownerOf(payment) })).data.payment;
    expect(await refunded(row)).toEqual({ amount: { amount: "150.00", currency: "EUR" }, refundedAmount: { amount: "0.30", currency: "EUR" } });
    expect(await refunded(untouched)).toEqual({ amount: { amount: "150.00", currency: "EUR" }, refundedAmount: { amount: "0.00", currency: "EUR" } });
    expect(await refunded(yen)).toEqual({ amount: { amount: "15000", currency: "JPY" }, refundedAmount: { amount: "500", currency: "JPY" } });
  });
});

describe("Booking.payment and Booking.payments", () => {
  it("resolve many bookings' payments, refunds and ledgers in a constant number of queries", async () => {
    const costOf = async (count: number) => {
      const businessOwnerId = randomUUID();
      const bookings = await Promise.all(
        Array.from({ length: count }, async () => {
          const bookingId = randomUUID();
          const customerId = randomUUID();
          const failed = await makePayment({ bookingId, customerId, businessOwnerId, status: "FAILED", failureReason: "card_declined", createdAt: secondsAfterPaying(0) });
          const paid = await makePayment({ bookingId, customerId, businessOwnerId, status: "SUCCEEDED", createdAt: secondsAfterPaying(300) });
          await makeRefund(paid.id, "20.00");
          await makeRefund(paid.id, "5.00", "FAILED");
          await makeCapture(paid.id);
          return { bookingId, failed, paid };
        }),
      );
      subgraph.resetQueries();
      const result = await subgraphRequest(
        subgraph.url,
        BOOKING_ENTITIES,
        { representations: bookings.map(({ bookingId }) => ({ __typename: "Booking", id: bookingId })) },
        { viewer: { userId: businessOwnerId, role: Role.VENDOR } },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data._entities).toEqual(
        bookings.map(({ bookingId, failed, paid }) => ({
          id: bookingId,
          payment: {
            id: paid.id,
            status: "SUCCEEDED",
            refundedAmount: { amount: "20.00" },
            refunds: expect.arrayContaining([
              { amount: { amount: "20.00" }, status: "SUCCEEDED", payment: { id: paid.id } },
              { amount: { amount: "5.00" }, status: "FAILED", payment: { id: paid.id } },
            ]),
            ledgerEntries: [
              { account: "CUSTOMER", type: "DEBIT", amount: { amount: "150.00" } },
              { account: "PROVIDER_EARNINGS", type: "CREDIT", amount: { amount: "135.00" } },
              { account: "COMMISSION", type: "CREDIT", amount: { amount: "15.00" } },
            ],
          },
          payments: [
            { id: failed.id, status: "FAILED" },
            { id: paid.id, status: "SUCCEEDED" },
          ],
        })),
      );
      return subgraph.queries.length;
    };
    const one = await costOf(1);
    const fifty = await costOf(50);
    expect(one).toBe(3); // payments, refunds, ledger entries
    expect(fifty).toBe(one);
  });

  it("shows only the payments the viewer may see; none for bookings without payments or malformed ids", async () => {
    const row = await makePayment();
    const ask = (id: string, viewer: Viewer | null) =>
      subgraphRequest(subgraph.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Booking { id payment { id } payments { id } } } }`, { r: [{ __typename: "Booking", id }] }, { viewer });
    expect((await ask(row.bookingId, payerOf(row))).data._entities).toEqual([{ id: row.bookingId, payment: { id: row.id }, payments: [{ id: row.id }] }]);
    expect((await ask(row.bookingId, customer())).data._entities).toEqual([{ id: row.bookingId, payment: null, payments: [] }]);
    expect((await ask(row.bookingId, null)).data._entities).toEqual([{ id: row.bookingId, payment: null, payments: [] }]);
    expect((await ask(randomUUID(), admin)).data._entities[0]).toMatchObject({ payment: null, payments: [] });
    const malformed = await ask("junk", admin);
    expect(malformed.errors).toBeUndefined();
    expect(malformed.data._entities[0]).toEqual({ id: "junk", payment: null, payments: [] });
  });
});

describe("Payment references", () => {
  it("resolve in one query, to null when hidden, unknown or malformed", async () => {
    const mine = await makePayment();
    const theirs = await makePayment({ customerId: randomUUID() });
    subgraph.resetQueries();
    const result = await subgraphRequest(
      subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id clientSecret } } }`,
      { r: [mine.id, theirs.id, randomUUID(), "nope"].map((id) => ({ __typename: "Payment", id })) },
      { viewer: payerOf(mine) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([{ id: mine.id, clientSecret: mine.clientSecret }, null, null, null]);
    expect(subgraph.queries).toHaveLength(1);
  });
});

describe("the database", () => {
  it("rejects payments that break its rules", async () => {
    const taken = await makePayment({ providerPaymentId: `pi_${randomUUID()}` });
    const rejects = (overrides: Partial<PaymentData>) => expect(makePayment(overrides)).rejects.toThrow();
    await rejects({ amount: "-0.01" });
    await rejects({ currency: "eur" });
    await rejects({ currency: "EURO" });
    await rejects({ customerId: taken.customerId, idempotencyKey: taken.idempotencyKey });
    await rejects({ providerPaymentId: taken.providerPaymentId });
    await rejects({ provider: " " });
    await expect(makePayment({ amount: "0.00" })).resolves.toMatchObject({ status: "REQUIRES_PAYMENT_METHOD", provider: "test" });
    // the same idempotency key is fine for another customer
    await expect(makePayment({ idempotencyKey: taken.idempotencyKey })).resolves.toBeDefined();
  });

  it("rejects refunds and ledger entries that are not positive, orphaned or repeated", async () => {
    const payment = await makePayment();
    await expect(makeRefund(payment.id, "0.00")).rejects.toThrow();
    await expect(makeRefund(payment.id, "-5.00")).rejects.toThrow();
    await expect(makeRefund(randomUUID(), "5.00")).rejects.toThrow();
    const refund = await subgraph.db.refund.create({ data: { paymentId: payment.id, amount: "5.00", idempotencyKey: "once" } });
    expect(refund.status).toBe("PENDING");
    await expect(subgraph.db.refund.create({ data: { paymentId: payment.id, amount: "5.00", idempotencyKey: "once" } })).rejects.toThrow();
    const other = await makePayment();
    await expect(subgraph.db.refund.create({ data: { paymentId: other.id, amount: "5.00", idempotencyKey: "once" } })).resolves.toBeDefined();

    const entry = (amount: string, currency = "EUR") =>
      subgraph.db.ledgerEntry.createMany({
        data: [
          { paymentId: payment.id, account: "CUSTOMER", type: "DEBIT", amount, currency },
          { paymentId: payment.id, account: "PROVIDER_EARNINGS", type: "CREDIT", amount, currency },
        ],
      });
    await expect(entry("0.00")).rejects.toThrow();
    await expect(entry("-1.00")).rejects.toThrow();
    await expect(entry("1.00", "usd")).rejects.toThrow();

    // money movements are history: a payment with refunds cannot be deleted
    await expect(subgraph.db.payment.delete({ where: { id: payment.id } })).rejects.toThrow();
  });

  it("refuses a payment whose ledger does not balance at commit, or has lines in another currency", async () => {
    const payment = await makePayment({ status: "SUCCEEDED" });
    const line = (account: "CUSTOMER" | "PROVIDER_EARNINGS" | "COMMISSION", type: "DEBIT" | "CREDIT", amount: string, currency = "EUR") => ({ paymentId: payment.id, account, type, amount, currency });
    const unbalanced = [line("CUSTOMER", "DEBIT", "150.00"), line("PROVIDER_EARNINGS", "CREDIT", "135.00"), line("COMMISSION", "CREDIT", "14.99")];
    await expect(subgraph.db.ledgerEntry.createMany({ data: unbalanced })).rejects.toThrow(/unbalanced/);
    // line by line in one transaction: checked at commit, so the transaction as a whole is refused
    await expect(
      subgraph.db.$transaction(async (tx) => {
        for (const data of unbalanced) await tx.ledgerEntry.create({ data });
      }),
    ).rejects.toThrow(/unbalanced/);
    await expect(subgraph.db.ledgerEntry.createMany({ data: [line("CUSTOMER", "DEBIT", "150.00", "USD"), line("PROVIDER_EARNINGS", "CREDIT", "150.00", "USD")] })).rejects.toThrow(/another currency/);
    expect(await subgraph.db.ledgerEntry.count({ where: { paymentId: payment.id } })).toBe(0);
    // balanced line by line, inside one transaction: accepted
    await subgraph.db.$transaction(async (tx) => {
      for (const data of [line("CUSTOMER", "DEBIT", "150.00"), line("PROVIDER_EARNINGS", "CREDIT", "135.00"), line("COMMISSION", "CREDIT", "15.00")]) await tx.ledgerEntry.create({ data });
    });
    // and then history: no line changes or goes
    const [first] = await subgraph.db.ledgerEntry.findMany({ where: { paymentId: payment.id } });
    await expect(subgraph.db.ledgerEntry.update({ where: { id: first!.id }, data: { amount: "1.00" } })).rejects.toThrow(/append-only/);
    await expect(subgraph.db.ledgerEntry.delete({ where: { id: first!.id } })).rejects.toThrow(/append-only/);
    expect(await subgraph.db.ledgerEntry.count({ where: { paymentId: payment.id } })).toBe(3);
  });

  it("keeps one live intent per booking", async () => {
    const live = await makePayment();
    await expect(makePayment({ bookingId: live.bookingId })).rejects.toThrow();
    await expect(makePayment({ bookingId: live.bookingId, status: "FAILED" })).resolves.toBeDefined();
  });

  it("stores the instants it is given, whatever the server's time zone", async () => {
    const row = await makePayment({ createdAt: secondsAfterPaying(0) });
    const [stored] = await subgraph.db.$queryRaw<{ exact: boolean }[]>`SELECT created_at = ${PAID_AT.toISOString()}::timestamptz AS exact FROM payments WHERE id = ${row.id}::uuid`;
    expect(stored?.exact).toBe(true);
  });
});
