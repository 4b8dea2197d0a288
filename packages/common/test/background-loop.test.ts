import { afterEach, describe, expect, it, vi } from "vitest";
import { startLoop, type BackgroundLoop } from "../src/background-loop.js";

let loop: BackgroundLoop | null = null;
afterEach(async () => {
  await loop?.stop();
  loop = null;
  vi.useRealTimers();
});

describe("startLoop", () => {
  it("runs at once, then after the sleep a pass asks for, capped at idleMs", async () => {
    vi.useFakeTimers();
    const passes: number[] = [];
    loop = startLoop({ name: "test", idleMs: 1_000, run: async () => void passes.push(Date.now()) });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toHaveLength(2);
    const asking = startLoop({ name: "asking", idleMs: 1_000, run: async () => (passes.push(-1), 250) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes.filter((pass) => pass === -1)).toHaveLength(5);
    await asking.stop();
  });

  it("folds wakes during a pass into one more pass, and wakes a sleeping loop at once", async () => {
    vi.useFakeTimers();
    let passes = 0;
    let release: () => void = () => undefined;
    loop = startLoop({ name: "test", idleMs: 60_000, run: () => new Promise<void>((resolve) => ((passes += 1), (release = resolve))) });
    await vi.advanceTimersByTimeAsync(0);
    loop.wake();
    loop.wake();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2);
    loop.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(3);
    release();
  });

  it("backs off after failures, doubling up to maxBackoffMs, and reports each", async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const at: number[] = [];
    const start = Date.now();
    loop = startLoop({
      name: "test",
      idleMs: 100,
      backoffMs: 100,
      maxBackoffMs: 400,
      onError: (error) => errors.push(error),
      run: async () => {
        at.push(Date.now() - start);
        throw new Error("down");
      },
    });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(at.slice(0, 6)).toEqual([0, 100, 300, 700, 1100, 1500]);
    expect(errors).toHaveLength(at.length);
  });

  it("stops cleanly: waits for the running pass and starts no other", async () => {
    let passes = 0;
    let finished = false;
    const running = startLoop({
      name: "test",
      idleMs: 1,
      run: async () => {
        passes += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    running.wake();
    await running.stop();
    expect(finished).toBe(true);
    const after = passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(passes).toBe(after);
  });
});
