import type { Viewer } from "@booking/common";

/**
 * Merges identical work that is in flight at the same time (subgraph fetches, whole
 * operations): the first caller of a key does it, callers of the same key that arrive before
 * its answer wait for that answer. Nothing is kept after the answer: this is not a cache.
 * Whoever builds the key decides what may be shared, and hands out what each caller may change
 * as its own copy (subgraph answers go out as text, each parsed by its caller).
 */
export class InFlight<T = string> {
  private readonly pending = new Map<string, Promise<T>>();

  /** @param onShared called each time a caller waits for another's work instead of doing it. */
  constructor(private readonly onShared: () => void = () => undefined) {}

  share(key: string, send: () => Promise<T>): Promise<T> {
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

/** The part of a merge key that keeps callers apart: the user and role, or anonymous. */
export function viewerKey(viewer: Viewer | null | undefined): string {
  return viewer ? `${viewer.userId}\n${viewer.role}` : "anonymous";
}
