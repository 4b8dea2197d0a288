/**
 * How many WebSocket connections one address may hold at once, and how many of those may be
 * anonymous (no token in connection_init: nothing to subscribe to, only a socket to hold).
 * Counted per router instance, in memory; no I/O here (websocket.ts binds it to sockets).
 */
export interface ConnectionCapsOptions {
  /** Open connections per client address (IPv6 by its /64). */
  perIp: number;
  /** Open anonymous connections per client address. */
  anonymousPerIp: number;
}

/** Why a connection was refused; null when it may stay. */
export type ConnectionRefusal = "TOO_MANY_CONNECTIONS" | "TOO_MANY_ANONYMOUS_CONNECTIONS" | null;

export class ConnectionCaps {
  private readonly open = new Map<string, number>();
  private readonly anonymous = new Map<string, number>();

  /** `null` options: no caps (RATE_LIMITS=off). */
  constructor(private readonly options: ConnectionCapsOptions | null) {}

  /** A socket opened from `address`: counts it, or refuses it (then it was not counted). */
  admit(address: string | null): ConnectionRefusal {
    if (!this.options || !address) return null;
    if ((this.open.get(address) ?? 0) >= this.options.perIp) return "TOO_MANY_CONNECTIONS";
    increment(this.open, address);
    return null;
  }

  /** An admitted socket's connection_init carried no token: counts it, or refuses it. */
  admitAnonymous(address: string | null): ConnectionRefusal {
    if (!this.options || !address) return null;
    if ((this.anonymous.get(address) ?? 0) >= this.options.anonymousPerIp) return "TOO_MANY_ANONYMOUS_CONNECTIONS";
    increment(this.anonymous, address);
    return null;
  }

  /** An admitted socket closed (`anonymous`: and was counted as anonymous). */
  release(address: string | null, anonymous: boolean): void {
    if (!this.options || !address) return;
    decrement(this.open, address);
    if (anonymous) decrement(this.anonymous, address);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 0) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
