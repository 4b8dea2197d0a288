import { AppError, ianaTimeZone, likePattern } from "@booking/common";
import { PriceUnit, ResourceType } from "@booking/contracts";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { newResourceFields, openingIntervals, price, resourceChanges } from "../src/resource/resource.input.js";

/** The field a rule blames, or null when it passes. */
function blamed(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).extensions.field as string;
  }
}

const base = { name: "Room", type: ResourceType.HOTEL_ROOM, price: new Decimal("100"), priceUnit: PriceUnit.NIGHT };

describe("resource input rules", () => {
  it("counts decimals against the currency's minor units, exactly", () => {
    expect(price("19.99", "EUR", "price").toFixed(2)).toBe("19.99");
    expect(price("0.30", "USD", "price").equals(new Decimal("0.1").plus("0.2"))).toBe(true);
    expect(blamed(() => price("19.999", "EUR", "price"))).toBe("price");
    expect(blamed(() => price("100.5", "JPY", "price"))).toBe("price");
    expect(price("100.00", "JPY", "price").toFixed(0)).toBe("100");
    // 3-decimal currencies still store 2 (NUMERIC(12,2))
    expect(blamed(() => price("1.005", "KWD", "price"))).toBe("price");
    expect(price("-0", "EUR", "price").isNegative()).toBe(false);
  });

  it("sorts opening intervals and refuses overlaps, reversed and malformed times", () => {
    expect(openingIntervals([{ dayOfWeek: 2, opens: "13:00", closes: "17:00" }, { dayOfWeek: 1, opens: "09:00", closes: "12:00" }, { dayOfWeek: 2, opens: "08:00", closes: "13:00" }])).toEqual([
      { dayOfWeek: 1, opens: "09:00", closes: "12:00" },
      { dayOfWeek: 2, opens: "08:00", closes: "13:00" },
      { dayOfWeek: 2, opens: "13:00", closes: "17:00" },
    ]);
    for (const bad of [
      [{ dayOfWeek: 1, opens: "09:00", closes: "12:00" }, { dayOfWeek: 1, opens: "08:00", closes: "09:30" }],
      [{ dayOfWeek: 1, opens: "12:00", closes: "09:00" }],
      [{ dayOfWeek: 1, opens: "23:60", closes: "24:00" }],
      [{ dayOfWeek: 1.5, opens: "09:00", closes: "10:00" }],
      Array.from({ length: 51 }, (_, index) => ({ dayOfWeek: 1, opens: `${String(Math.floor(index / 3)).padStart(2, "0")}:${String((index % 3) * 10).padStart(2, "0")}`, closes: "24:00" })),
    ]) {
      expect(blamed(() => openingIntervals(bad))).toBe("openingHours");
    }
  });

  it("asks SLOT resources for a slot length that divides every interval, and nobody else", () => {
    const hours = [{ dayOfWeek: 1, opens: "09:00", closes: "10:30" }];
    expect(blamed(() => newResourceFields({ ...base, priceUnit: PriceUnit.SLOT, slotMinutes: 30, openingHours: hours }))).toBeNull();
    expect(blamed(() => newResourceFields({ ...base, priceUnit: PriceUnit.SLOT, slotMinutes: 60, openingHours: hours }))).toBe("slotMinutes");
    expect(blamed(() => newResourceFields({ ...base, priceUnit: PriceUnit.SLOT, slotMinutes: 50 }))).toBe("slotMinutes");
    expect(blamed(() => newResourceFields({ ...base, slotMinutes: 30 }))).toBe("slotMinutes");
  });

  it("checks an update on the merged resource, blaming what the update changed", () => {
    const current = newResourceFields({ ...base, price: new Decimal("120.50"), currency: "EUR", priceUnit: PriceUnit.SLOT, slotMinutes: 30, openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "10:00" }] });
    expect(blamed(() => resourceChanges(current, { currency: "JPY" }))).toBe("currency");
    expect(resourceChanges(current, { currency: "JPY", price: new Decimal("120") })).toMatchObject({ currency: "JPY" });
    expect(blamed(() => resourceChanges(current, { openingHours: [{ dayOfWeek: 1, opens: "09:00", closes: "09:45" }] }))).toBe("openingHours");
    expect(blamed(() => resourceChanges(current, { slotMinutes: 45 }))).toBe("slotMinutes");
    expect(resourceChanges(current, { description: null, categoryId: null })).toEqual({ description: null, categoryId: null });
    expect(blamed(() => resourceChanges(current, { openingHours: null }))).toBe("openingHours");
  });
});

describe("shared input helpers", () => {
  it("accepts IANA zones only, spelling them as the database does", () => {
    expect(ianaTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(ianaTimeZone("Australia/Sydney")).toBe("Australia/Sydney");
    for (const bad of ["+02:00", "-0500", "GMT+2 ", "Mars/Olympus", "", "Europe/Berlin/Mitte"]) expect(blamed(() => ianaTimeZone(bad)), bad).toBe("timezone");
  });

  it("escapes LIKE wildcards in search text", () => {
    expect(likePattern(" 50%_off\\ ")).toBe("50\\%\\_off\\\\");
    expect(likePattern("   ")).toBeNull();
    expect(likePattern(null)).toBeNull();
  });
});
