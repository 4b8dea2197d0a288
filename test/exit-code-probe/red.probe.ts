import { expect, it } from "vitest";

it("fails on purpose, so the run must exit non-zero", () => {
  expect(1).toBe(2);
});
