/**
 * Token buckets per key (API client), in process memory: each client may make
 * `ratePerSecond` requests a second on average, in bursts of twice that.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly MAX_KEYS = 100_000;

  constructor(private readonly ratePerSecond: number) {}

  /** 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, now = Date.now()): number {
    if (this.ratePerSecond <= 0) return 0;
    const capacity = this.ratePerSecond * 2;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= RateLimiter.MAX_KEYS) this.buckets.clear();
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }
}
