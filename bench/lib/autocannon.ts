// Fallback load generator, used only when wrk cannot be had (not root, no
// apt-get). autocannon is not a dependency of the repository: it is loaded
// from node_modules if someone installed it, or from BENCH_AUTOCANNON (path to
// an autocannon package directory, e.g. after `npm i --prefix /tmp/ac autocannon`).
// It runs inside this Node process, so it is a weaker generator than wrk and
// its numbers are not comparable with wrk's; the report names the tool used.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCpuWindow, type CpuUsage } from './cpu.ts';
import type { LoadResult, LoadSpec } from './wrk.ts';

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AcResult) => void) => { stop(): void };
interface AcResult {
  requests: { total: number; sent: number };
  latency: { average: number; p50: number; p99: number };
  non2xx: number; errors: number; timeouts: number; duration: number; '2xx': number;
}

let cached: Autocannon | null | undefined;

export async function loadAutocannon(): Promise<Autocannon | null> {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const candidates = [process.env.BENCH_AUTOCANNON, 'autocannon'].filter(Boolean) as string[];
  for (const c of candidates) {
    try {
      const mod = await import(pathToFileURL(require.resolve(c)).href);
      cached = (mod.default ?? mod) as Autocannon;
      return cached;
    } catch {
      // try the next one
    }
  }
  cached = null;
  return null;
}

export async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = await loadAutocannon();
  if (!autocannon) throw new Error('autocannon is not available');
  let sent = 0, completed = 0, ok = 0, bad = 0;
  let firstBad: string | undefined, firstOther: string | undefined;
  const url = new URL(spec.url);
  const opts: Record<string, unknown> = {
    url: url.origin, connections: spec.connections, duration: spec.durationS, timeout: 10,
    headers: spec.headers ?? {},
  };
  const count = (status: number, body: string) => {
    if (status >= 200 && status < 300) {
      ok++;
      if (spec.kind === 'get' || spec.kind === 'read') return;
      if (body.includes('"status":"Completed"')) completed++;
      else firstOther ??= body.slice(0, 300);
    } else {
      bad++;
      firstBad ??= `${status} ${body.slice(0, 300)}`;
    }
  };
  let seq = 0;
  const readRequest = {
    method: 'GET', path: url.pathname,
    // A random card of `targets` per request, with its customer's token (as bench/wrk/read.lua).
    setupRequest: (req: Record<string, unknown>) => {
      const t = spec.targets![Math.floor(Math.random() * spec.targets!.length)]!;
      return { ...req, path: `${url.pathname}/${t.cardId}`, headers: { ...(req.headers as Record<string, string>), authorization: `Bearer ${t.token}` } };
    },
    onResponse: (status: number, body: string) => count(status, body),
  };
  opts.requests = [spec.kind === 'read' ? readRequest : spec.kind !== 'get'
    ? {
        method: 'POST', path: url.pathname, headers: { ...spec.headers, 'content-type': 'application/json' },
        setupRequest: (req: Record<string, unknown>) => {
          sent++;
          seq++;
          // A random card of `targets` per request, with its customer's token (as bench/wrk/topup.lua).
          const t = spec.targets![Math.floor(Math.random() * spec.targets!.length)]!;
          const headers = { ...(req.headers as Record<string, string>), authorization: `Bearer ${t.token}` };
          return { ...req, headers, body: JSON.stringify({ cardId: t.cardId, topUpAmount: '1.00', customerOrderNo: `${spec.runTag}-0-${seq}` }) };
        },
        onResponse: (status: number, body: string) => count(status, body),
      }
    : { method: 'GET', path: url.pathname, onResponse: (status: number, body: string) => count(status, body) }];

  let cpu: CpuUsage | undefined;
  let finished = false;
  const sampler = (async () => {
    if (spec.durationS < 4) return;
    await sleep(1000);
    const w = startCpuWindow({ loadgen: [process.pid], ...spec.cpuGroups });
    await sleep((spec.durationS - 2) * 1000);
    if (!finished) cpu = w.end();
  })();
  const result = await new Promise<AcResult>((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    setTimeout(() => { inst.stop(); reject(new Error('autocannon did not finish in time')); }, (spec.durationS + 30) * 1000).unref();
  });
  finished = true;
  await sampler;
  return {
    tool: 'autocannon', requests: result.requests.total, durationS: result.duration,
    rps: result.requests.total / result.duration, avgMs: result.latency.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99,
    ok, non2xx: Math.max(bad, result.non2xx), socketErrors: result.errors + result.timeouts,
    sent, completed, firstBad, firstOther, cpu,
  };
}
