import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** A per-key budget of attempts in a window: new connections, invite redemptions. */
export interface RateLimit {
  /** Counts one attempt for `key`; false when its budget for the window is spent. */
  take(key: string): Promise<boolean>;
}

export interface RateLimitOptions {
  /** Names the budget; also namespaces its keys in Redis. */
  name: string;
  points: number;
  windowSeconds: number;
  /** Shared by every process when given; else this process's memory. */
  redis?: Redis | null;
}

/**
 * rate-limiter-flexible: in memory for one process, in Redis when several processes share the
 * limit (each would otherwise grant the whole budget again). If Redis is unreachable, the
 * in-memory limiter stands in, so a Redis outage neither opens the gate nor closes it.
 */
export function rateLimit(options: RateLimitOptions): RateLimit {
  const base = { points: options.points, duration: options.windowSeconds };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: options.name });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        ...base,
        storeClient: options.redis,
        keyPrefix: `branchbook:limit:${options.name}`,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}
