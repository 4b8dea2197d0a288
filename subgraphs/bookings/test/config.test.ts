import { describe, expect, it } from "vitest";
import { readBookingsConfig } from "../src/config.js";

describe("bookings configuration", () => {
  it("allows a customer five live holds unless MAX_HOLDS_PER_CUSTOMER says otherwise (the contract's default)", () => {
    expect(readBookingsConfig({}).maxHoldsPerCustomer).toBe(5);
    expect(readBookingsConfig({ MAX_HOLDS_PER_CUSTOMER: "2" }).maxHoldsPerCustomer).toBe(2);
    expect(readBookingsConfig({ MAX_HOLDS_PER_CUSTOMER: "" }).maxHoldsPerCustomer).toBe(5);
  });

  it("keeps MAX_HOLDS_PER_CUSTOMER when rate limits are off", () => {
    expect(readBookingsConfig({ RATE_LIMITS: "off" })).toMatchObject({ rateLimits: false, maxHoldsPerCustomer: 5 });
  });
});
