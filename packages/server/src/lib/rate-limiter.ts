/** What one request learnt about its client's budget: the RateLimit-* headers and, when refused, Retry-After. */
export interface RateLimitDecision {
  /** 0 when allowed, else the whole seconds to wait before one more request is allowed. */
  retryAfter_s: number;
  /** The burst size: the most requests the client may send at once. */
  limit: number;
  /** Requests the client may still send at once, after this one. */
  remaining: number;
  /** Whole seconds until the client's budget is full again (0 = full). */
  reset_s: number;
}

/**
 * Token buckets per key (API client), in process memory: each client may make
 * `ratePerSecond` requests a second on average, in bursts of twice that.
 * On the hot path of every /v1 request: one Map lookup and a little arithmetic.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly MAX_KEYS = 100_000;
  readonly capacity: number;

  constructor(private readonly ratePerSecond: number) {
    this.capacity = ratePerSecond * 2;
  }

  get enabled(): boolean { return this.ratePerSecond > 0; }

  /** Takes one request from the key's bucket when it has one; always says where the bucket stands. */
  take(key: string, now = Date.now()): RateLimitDecision {
    const { capacity, ratePerSecond } = this;
    if (ratePerSecond <= 0) return { retryAfter_s: 0, limit: 0, remaining: 0, reset_s: 0 };
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= RateLimiter.MAX_KEYS) this.buckets.clear();
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    let retryAfter_s = 0;
    if (bucket.tokens >= 1) bucket.tokens -= 1;
    else retryAfter_s = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
    return {
      retryAfter_s,
      limit: capacity,
      remaining: Math.floor(bucket.tokens),
      // Integer seconds, as the IETF RateLimit header draft asks; rounded up so a client that waits this long finds it full.
      reset_s: Math.ceil((capacity - bucket.tokens) / ratePerSecond),
    };
  }
}
