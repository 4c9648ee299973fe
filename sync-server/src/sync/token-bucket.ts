/**
 * A budget of `rate` a second with a burst of `burst`, refilled continuously: how many messages,
 * or whole-document requests, one connection may send.
 */
export class TokenBucket {
  #tokens: number;
  #refilledAt = performance.now();

  constructor(
    readonly rate: number,
    readonly burst: number,
  ) {
    this.#tokens = burst;
  }

  /** Spends one token; false when none is left. */
  take(): boolean {
    const now = performance.now();
    this.#tokens = Math.min(
      this.burst,
      this.#tokens + ((now - this.#refilledAt) / 1000) * this.rate,
    );
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
