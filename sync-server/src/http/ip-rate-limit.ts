/**
 * Counts new connections per IP in a fixed one-minute window. Fixed windows allow a burst of up to
 * twice the limit at a boundary, which is fine for "one client reconnecting in a loop must not
 * starve everyone else"; memory is bounded by clearing the table every window.
 */
export class IpRateLimit {
  #windowStart = Date.now();
  #counts = new Map<string, number>();

  constructor(
    readonly perMinute: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Records one attempt; false when the IP is over its limit for this window. */
  allow(ip: string): boolean {
    const now = this.now();
    if (now - this.#windowStart >= 60_000) {
      this.#windowStart = now;
      this.#counts.clear();
    }
    const count = (this.#counts.get(ip) ?? 0) + 1;
    this.#counts.set(ip, count);
    return count <= this.perMinute;
  }
}
