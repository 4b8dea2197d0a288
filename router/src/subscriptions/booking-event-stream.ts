import { sendSignedRequest } from "@booking/common";
import { BOOKING_EVENTS_PATH, type BookingEventMessage } from "@booking/contracts";
import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

/** How long the stream may stay silent (keep-alives come every 15 s) before it is reopened. */
const STREAM_SILENCE_MS = 45_000;

/** A booking change as the bookings subgraph publishes it. */
export type BookingChange = BookingEventMessage;

/**
 * One Server-Sent-Events connection from this router to the bookings subgraph, shared by
 * every subscriber here. It reconnects with backoff and resumes after the last event seen,
 * so a blip loses nothing; bookings feeds it from its transactional outbox.
 */
export class BookingEventStream extends EventEmitter<{ change: [BookingChange] }> {
  private lastId: string | null = null;
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  connected = false;

  constructor(
    private readonly bookingsUrl: string,
    private readonly internalSecret: string,
  ) {
    super();
    this.setMaxListeners(0);
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    let backoffMs = 250;
    while (!this.abort.signal.aborted) {
      try {
        await this.readOnce();
        backoffMs = 250;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        if (backoffMs >= 4_000) console.error(`booking events: ${(error as Error).message}; retrying`);
      }
      this.connected = false;
      await sleep(backoffMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
      backoffMs = Math.min(backoffMs * 2, 5_000);
    }
  }

  private async readOnce(): Promise<void> {
    const url = new URL(BOOKING_EVENTS_PATH, this.bookingsUrl);
    if (this.lastId) url.searchParams.set("after", this.lastId);
    // Bookings sends a keep-alive every 15 s: silence for longer means a half-open connection.
    const silence = new AbortController();
    let silenceTimer = setTimeout(() => silence.abort(), STREAM_SILENCE_MS);
    const signal = AbortSignal.any([this.abort.signal, silence.signal]);
    try {
      const response = await sendSignedRequest(url, { audience: "bookings", internalSecret: this.internalSecret, method: "GET", headers: { accept: "text/event-stream" }, timeoutMs: null, signal });
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      this.connected = true;
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body) {
        clearTimeout(silenceTimer);
        silenceTimer = setTimeout(() => silence.abort(), STREAM_SILENCE_MS);
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          this.dispatch(message);
        }
      }
      throw new Error("stream ended");
    } finally {
      clearTimeout(silenceTimer);
    }
  }

  private dispatch(message: string): void {
    const lines = message.split("\n");
    // An id without data is the stream's starting cursor: resume after it on reconnect.
    const id = lines.find((line) => line.startsWith("id:"))?.slice(3).trim();
    if (id) this.lastId = id;
    const data = lines
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (!data) return;
    try {
      const change = JSON.parse(data) as BookingChange;
      this.lastId = String(change.id);
      this.emit("change", change);
    } catch (error) {
      console.error("booking events: unreadable event", error);
    }
  }
}
