import { describe, expect, it } from "vitest";
import { formatAmount, isCurrencyCode, minorUnits, money } from "../src/money.js";

describe("money", () => {
  it("takes minor units from ISO 4217 (not Intl's CLDR data, which gives IQD 0)", () => {
    expect(Object.fromEntries(["JPY", "PYG", "XPF", "KMF", "KRW", "IQD", "LYD", "KWD", "BHD", "EUR", "USD"].map((code) => [code, minorUnits(code)]))).toEqual({
      JPY: 0, PYG: 0, XPF: 0, KMF: 0, KRW: 0, IQD: 3, LYD: 3, KWD: 3, BHD: 3, EUR: 2, USD: 2,
    });
  });

  it("formats amounts with exactly the currency's decimals", () => {
    expect(money("1500.00", "PYG")).toEqual({ amount: "1500", currency: "PYG" });
    expect(money("1500", "XPF").amount).toBe("1500");
    expect(money("12.35", "IQD").amount).toBe("12.350");
    expect(money("12.3", "LYD").amount).toBe("12.300");
    expect(money("12.3", "EUR").amount).toBe("12.30");
    expect(formatAmount("0.0005", "KWD")).toBe("0.001");
  });

  it("knows ISO 4217 codes only", () => {
    expect(isCurrencyCode("XPF")).toBe(true);
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("ABC")).toBe(false);
  });
});
