/**
 * Merges identical subgraph fetches that are in flight at the same time: the first caller of
 * a key sends, callers of the same key that arrive before its answer wait for that answer.
 * Nothing is kept after the answer: this is not a cache. Whoever builds the key decides what
 * may be shared; the answer is handed out as text so each caller parses its own copy (the
 * gateway merges into what it receives).
 */
export class InFlightFetches {
  private readonly pending = new Map<string, Promise<string>>();

  /** @param onShared called each time a caller waits for another's fetch instead of sending. */
  constructor(private readonly onShared: () => void = () => undefined) {}

  share(key: string, send: () => Promise<string>): Promise<string> {
    const inFlight = this.pending.get(key);
    if (inFlight) {
      this.onShared();
      return inFlight;
    }
    const answer = send().finally(() => this.pending.delete(key));
    this.pending.set(key, answer);
    return answer;
  }
}
