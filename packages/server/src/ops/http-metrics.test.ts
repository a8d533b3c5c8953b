// The request histogram as Prometheus reads it: cumulative buckets with
// inclusive upper bounds (le), +Inf equal to the count, one series per route
// template, method and status.
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { HttpRequestMetrics } from './http-metrics.ts';
import { parsePrometheusText, sample } from '../../test/prometheus-text.ts';

describe('HttpRequestMetrics', () => {
  it('counts requests and places each duration in the right cumulative bucket', async () => {
    const registry = new Registry();
    const http = new HttpRequestMetrics();
    http.register(registry);
    const route = '/openapi/v1/cards/:cardId';
    for (const duration_s of [0.001, 0.002, 0.0021, 0.7, 45]) http.observe(route, 'GET', 200, duration_s);
    http.observe(route, 'GET', 404, 0.004);
    const samples = parsePrometheusText(await registry.metrics());
    const labels = { route, method: 'GET', status: '200' };
    const bucket = (le: string) => sample(samples, 'cardepass_http_request_duration_seconds_bucket', { ...labels, le });
    expect(sample(samples, 'cardepass_http_requests_total', labels)).toBe(5);
    expect(sample(samples, 'cardepass_http_requests_total', { ...labels, status: '404' })).toBe(1);
    expect(bucket('0.002')).toBe(2); // le is inclusive: 0.002 itself belongs here
    expect(bucket('0.005')).toBe(3);
    expect(bucket('0.5')).toBe(3);
    expect(bucket('1')).toBe(4);
    expect(bucket('30')).toBe(4);
    expect(bucket('+Inf')).toBe(5);
    expect(sample(samples, 'cardepass_http_request_duration_seconds_count', labels)).toBe(5);
    expect(sample(samples, 'cardepass_http_request_duration_seconds_sum', labels)).toBeCloseTo(45.7051, 6);
  });

  it('shows nothing before the first request', async () => {
    const registry = new Registry();
    new HttpRequestMetrics().register(registry);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE cardepass_http_requests_total counter');
    expect(text).toContain('# TYPE cardepass_http_request_duration_seconds histogram');
    expect([...parsePrometheusText(text).keys()]).toEqual([]);
  });
});
