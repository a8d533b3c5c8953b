import type { Metric, Registry } from 'prom-client';

// Seconds, from a cached card read (a few ms) to an order POST that waits for its order (up to 30 s).
const BUCKETS_S = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

interface Series {
  labels: { route: string; method: string; status: string };
  count: number;
  sum_s: number;
  /** Observations per bucket (not cumulative; summed at scrape time). The last slot is +Inf. */
  buckets: Float64Array;
}

interface MetricValue { labels: Record<string, string | number>; value: number; metricName?: string }

/**
 * Requests by route template, method and status: a counter and a latency
 * histogram. prom-client's own classes validate, hash and allocate label
 * objects on every observation (about 2 µs a request); this keeps plain
 * numbers per series, found through nested maps with no allocation once a
 * series exists (about 0.1 µs), and hands prom-client the totals when scraped.
 */
export class HttpRequestMetrics {
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();

  register(registry: Registry): void {
    const all = () => [...this.series.values()].flatMap((m) => [...m.values()]).flatMap((m) => [...m.values()]);
    registry.registerMetric(metric('cardepass_http_requests_total', 'HTTP requests answered, by route template, method and status', 'counter',
      () => all().map((s): MetricValue => ({ labels: s.labels, value: s.count }))));
    registry.registerMetric(metric('cardepass_http_request_duration_seconds', 'Time from request received to response sent', 'histogram',
      () => all().flatMap((s) => histogramValues(s))));
  }

  observe(route: string, method: string, status: number, duration_s: number): void {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) {
      series = { labels: { route, method, status: String(status) }, count: 0, sum_s: 0, buckets: new Float64Array(BUCKETS_S.length + 1) };
      byStatus.set(status, series);
    }
    series.count++;
    series.sum_s += duration_s;
    let bucket = 0;
    while (bucket < BUCKETS_S.length && duration_s > BUCKETS_S[bucket]!) bucket++;
    series.buckets[bucket]!++;
  }
}

function histogramValues(s: Series): MetricValue[] {
  const name = 'cardepass_http_request_duration_seconds';
  const values: MetricValue[] = [];
  let cumulative = 0;
  for (let i = 0; i <= BUCKETS_S.length; i++) {
    cumulative += s.buckets[i]!;
    values.push({ labels: { ...s.labels, le: i < BUCKETS_S.length ? BUCKETS_S[i]! : '+Inf' }, value: cumulative, metricName: `${name}_bucket` });
  }
  values.push({ labels: s.labels, value: s.sum_s, metricName: `${name}_sum` });
  values.push({ labels: s.labels, value: s.count, metricName: `${name}_count` });
  return values;
}

/** A metric the registry prints as it prints its own: what its get() answers (see prom-client's Registry). */
function metric(name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): Metric {
  return { name, get: async () => ({ name, help, type, values: values(), aggregator: 'sum' }) } as unknown as Metric;
}
