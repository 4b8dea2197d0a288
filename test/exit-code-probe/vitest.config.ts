import { defineConfig } from "vitest/config";
import main from "../../vitest.config.js";

/**
 * The main configuration (same global setup, same harness) aimed at one probe file, which the
 * normal run never includes: `npm run check:exit-codes` runs the red and the green probe.
 */
export default defineConfig({
  ...main,
  test: { ...main.test, include: [`test/exit-code-probe/${process.env.EXIT_CODE_PROBE ?? "red"}.probe.ts`] },
});
