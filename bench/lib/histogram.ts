// A latency histogram with HdrHistogram's shape (log-linear buckets) and no
// dependency: values are integer microseconds; below 256 µs every value has
// its own bucket, above it every power of two is split into 128 equal
// buckets, so a bucket is at most 1/128 (< 0.8 %) of the values in it wide.
// A percentile is reported as the top of its bucket, so it is never lower
// than the true value and at most 0.8 % higher. Up to ~2^36 µs (19 h); bigger
// values land in the last bucket (max stays exact).
//
// Plain counts in a Float64Array: histograms of several workers or windows
// merge by adding, and travel over IPC as a sparse [index, count] list.

const LINEAR = 256; // exact buckets 0..255 µs
const SUB = 128; // buckets per power of two above that
const MAX_EXP = 36;
const SIZE = LINEAR + (MAX_EXP - 8 + 1) * SUB;

export function bucketOf(us: number): number {
  const v = Math.max(0, Math.floor(us));
  if (v < LINEAR) return v;
  const e = Math.min(MAX_EXP, Math.floor(Math.log2(v)));
  const shift = e - 7;
  const sub = Math.min(2 * SUB - 1, Math.floor(v / 2 ** shift)); // 128..255
  return LINEAR + (e - 8) * SUB + (sub - SUB);
}

/** Highest value (µs) that falls in bucket i. */
export function bucketTop(i: number): number {
  if (i < LINEAR) return i;
  const e = 8 + Math.floor((i - LINEAR) / SUB);
  const sub = SUB + ((i - LINEAR) % SUB);
  const shift = e - 7;
  return (sub + 1) * 2 ** shift - 1;
}

export interface HistogramSummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export class Histogram {
  counts = new Float64Array(SIZE);
  count = 0;
  sumUs = 0;
  minUs = Infinity;
  maxUs = 0;

  recordMs(ms: number): void {
    this.recordUs(ms * 1000);
  }

  recordUs(us: number): void {
    this.counts[bucketOf(us)]!++;
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  add(other: Histogram): this {
    for (let i = 0; i < SIZE; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumUs += other.sumUs;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
    return this;
  }

  /** Value at quantile q (0..1) in ms: the top of the bucket holding the ceil(q·count)-th value, capped at the exact max. */
  quantileMs(q: number): number {
    if (!this.count) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(bucketTop(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): HistogramSummary {
    const q = (x: number) => this.quantileMs(x);
    return {
      count: this.count, minMs: this.count ? this.minUs / 1000 : NaN, meanMs: this.count ? this.sumUs / this.count / 1000 : NaN,
      p50Ms: q(0.5), p90Ms: q(0.9), p99Ms: q(0.99), p999Ms: q(0.999), maxMs: this.count ? this.maxUs / 1000 : NaN,
    };
  }

  toJSON(): SerializedHistogram {
    const sparse: number[] = [];
    for (let i = 0; i < SIZE; i++) if (this.counts[i]) sparse.push(i, this.counts[i]!);
    return { sparse, count: this.count, sumUs: this.sumUs, minUs: this.count ? this.minUs : 0, maxUs: this.maxUs };
  }

  static from(s: SerializedHistogram): Histogram {
    const h = new Histogram();
    for (let k = 0; k < s.sparse.length; k += 2) h.counts[s.sparse[k]!] = s.sparse[k + 1]!;
    h.count = s.count;
    h.sumUs = s.sumUs;
    h.minUs = s.count ? s.minUs : Infinity;
    h.maxUs = s.maxUs;
    return h;
  }
}

export interface SerializedHistogram { sparse: number[]; count: number; sumUs: number; minUs: number; maxUs: number }
