import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { captureLines, refundLines } from "../src/ledger-entry/ledger-postings.js";
import { refundsInFullOnCancellation } from "../src/saga/cancellation-refund.js";
import { signWebhook, verifyWebhook } from "../src/webhook/webhook-signature.js";
import { daysFromNow, plusMinutes } from "../../../test/support/time.js";

const SECRET = "whsec_test_0123456789abcdef";
const net = (lines: ReturnType<typeof captureLines>) => lines.reduce((sum, line) => (line.type === "DEBIT" ? sum.plus(line.amount) : sum.minus(line.amount)), new Decimal(0));
const shown = (lines: ReturnType<typeof captureLines>) => lines.map((line) => `${line.account} ${line.type} ${line.amount.toString()}`);

describe("ledger postings", () => {
  it("captures with the commission rounded half-up to the minor unit, and the business gets the rest", () => {
    expect(shown(captureLines(new Decimal("33.35"), new Decimal(10), "EUR"))).toEqual(["CUSTOMER DEBIT 33.35", "PROVIDER_EARNINGS CREDIT 30.01", "COMMISSION CREDIT 3.34"]);
    expect(shown(captureLines(new Decimal("1555"), new Decimal("12.5"), "JPY"))).toEqual(["CUSTOMER DEBIT 1555", "PROVIDER_EARNINGS CREDIT 1361", "COMMISSION CREDIT 194"]);
    expect(shown(captureLines(new Decimal("40"), new Decimal(0), "EUR"))).toEqual(["CUSTOMER DEBIT 40", "PROVIDER_EARNINGS CREDIT 40"]);
    expect(net(captureLines(new Decimal("0.01"), new Decimal(10), "EUR")).isZero()).toBe(true);
  });

  it("rounds the split to ISO 4217's minor units: none for PYG, XPF and KMF, three for IQD, LYD and KWD", () => {
    for (const currency of ["PYG", "XPF", "KMF", "JPY"]) {
      expect(shown(captureLines(new Decimal("12345"), new Decimal(10), currency)), currency).toEqual(["CUSTOMER DEBIT 12345", "PROVIDER_EARNINGS CREDIT 11110", "COMMISSION CREDIT 1235"]);
    }
    for (const currency of ["IQD", "LYD", "KWD"]) {
      expect(shown(captureLines(new Decimal("12.35"), new Decimal(10), currency)), currency).toEqual(["CUSTOMER DEBIT 12.35", "PROVIDER_EARNINGS CREDIT 11.115", "COMMISSION CREDIT 1.235"]);
    }
    expect(shown(captureLines(new Decimal("12.35"), new Decimal(10), "EUR"))).toEqual(["CUSTOMER DEBIT 12.35", "PROVIDER_EARNINGS CREDIT 11.11", "COMMISSION CREDIT 1.24"]);
  });

  it("reverses in proportion, so partial refunds that add up give back exactly what was captured", () => {
    const amount = new Decimal("33.35");
    const capture = captureLines(amount, new Decimal(10), "EUR");
    const commission = capture.find((line) => line.account === "COMMISSION")!.amount;
    let refunded = new Decimal(0);
    const all = [...capture];
    for (const part of ["0.01", "0.01", "10.00", "3.33", "20.00"]) {
      const lines = refundLines({ amount: new Decimal(part), refundedBefore: refunded, paymentAmount: amount, capturedCommission: commission, currency: "EUR" });
      expect(net(lines).isZero()).toBe(true);
      all.push(...lines);
      refunded = refunded.plus(part);
    }
    const balanceOf = (account: string) => net(all.filter((line) => line.account === account));
    expect([balanceOf("CUSTOMER").toString(), balanceOf("PROVIDER_EARNINGS").toString(), balanceOf("COMMISSION").toString()]).toEqual(["0", "0", "0"]);
  });
});

describe("the Payment-Signature", () => {
  const body = Buffer.from(JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded" }));
  const now = Math.floor(Date.now() / 1000);

  it("verifies a genuine signature within five minutes either way", () => {
    expect(verifyWebhook(SECRET, signWebhook(SECRET, body, now), body, now)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, signWebhook(SECRET, body, now - 300), body, now)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, signWebhook(SECRET, body, now + 300), body, now)).toEqual({ ok: true });
    // among several v1 (a rotating secret), one match is enough
    expect(verifyWebhook(SECRET, `${signWebhook("old-secret-0123456789", body, now)},v1=${signWebhook(SECRET, body, now).split("v1=")[1]}`, body, now)).toEqual({ ok: true });
  });

  it("refuses a missing, malformed, wrong, stale or future signature, and an altered body", () => {
    const refused = (header: string | null, raw = body) => verifyWebhook(SECRET, header, raw, now).ok;
    expect(refused(null)).toBe(false);
    expect(refused("")).toBe(false);
    expect(refused("v1=abc")).toBe(false);
    expect(refused(`t=${now},v1=zz`)).toBe(false);
    expect(refused(signWebhook("another-secret-0123456789", body, now))).toBe(false);
    expect(refused(signWebhook(SECRET, body, now - 301))).toBe(false);
    expect(refused(signWebhook(SECRET, body, now + 301))).toBe(false);
    expect(refused(signWebhook(SECRET, body, now), Buffer.from(body.toString().replace("evt_1", "evt_2")))).toBe(false);
  });
});

describe("refunds on cancellation", () => {
  const startDate = daysFromNow(30, 10);
  const start = startDate.toISOString();
  const before = (minutes: number, ms = 0) => new Date(plusMinutes(startDate, -minutes).getTime() + ms).toISOString();
  it("refunds in full when the owner or an admin cancels, whenever; the customer only at least freeCancellationHours before", () => {
    expect(refundsInFullOnCancellation({ cancelledBy: "VENDOR", cancelledAt: before(1), startTime: start, freeCancellationHours: 24 })).toBe(true);
    expect(refundsInFullOnCancellation({ cancelledBy: "ADMIN", cancelledAt: before(1), startTime: start, freeCancellationHours: 24 })).toBe(true);
    expect(refundsInFullOnCancellation({ cancelledBy: "CUSTOMER", cancelledAt: before(24 * 60), startTime: start, freeCancellationHours: 24 })).toBe(true);
    expect(refundsInFullOnCancellation({ cancelledBy: "CUSTOMER", cancelledAt: before(24 * 60, 1), startTime: start, freeCancellationHours: 24 })).toBe(false);
    expect(refundsInFullOnCancellation({ cancelledBy: "CUSTOMER", cancelledAt: before(9 * 24 * 60), startTime: start, freeCancellationHours: null })).toBe(false);
  });
});
