// Self-test of the open-loop load generator (not part of `npm test`; about 45 s):
//   node --import tsx bench/open-loop-selftest.ts
// 1. The histogram's percentiles are within 1 % of exact ones.
// 2. It keeps a 2,000 req/s constant schedule against the Fastify
//    hello-world (bench/hello-world.mjs) in its own process.
// 3. Server delays show up: a server that answers after 10 ms gives a p50 of
//    ~10 ms; a server whose event loop stalls once for 200 ms shows it in the
//    open-loop p99 (every request due during the stall waited), while a
//    closed-loop run against the same stall hides it (coordinated omission).
// 4. A Poisson schedule averages its rate.
// Exit code 1 if a check fails.
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { Histogram } from './lib/histogram.ts';
import { formatTimeline, runGenerator, type GenResult } from './lib/open-loop.ts';
import { formatCpu, waitForQuiet } from './lib/cpu.ts';
import { freePort, installSignalCleanup, runCleanups, startProcess, waitFor } from './lib/procs.ts';

installSignalCleanup();
let failed = 0;
const check = (name: string, ok: boolean, detail: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  if (!ok) failed++;
};
const show = (r: GenResult) => {
  const l = r.latency;
  return `sent ${r.sentRate.toFixed(1)}/s, done ${r.throughput.toFixed(1)}/s, p50 ${l.p50Ms.toFixed(2)} p90 ${l.p90Ms.toFixed(2)} p99 ${l.p99Ms.toFixed(2)} p99.9 ${l.p999Ms.toFixed(2)} max ${l.maxMs.toFixed(2)} ms` +
    (r.sendLag ? `; send lag p99 ${r.sendLag.p99Ms.toFixed(2)} max ${r.sendLag.maxMs.toFixed(2)} ms, late >1 ms ${r.measured.late1ms}/${r.measured.sent}` : '') +
    `; conns ${r.connectionsOpened}, max in flight ${r.maxInFlight}; non-2xx ${r.measured.non2xx}, errors ${r.measured.errors}; CPU ${formatCpu(r.cpu)}`;
};

// Others' work on the box (a test run…) starves the generator: wait for a quiet machine before each run.
const quiet = () => waitForQuiet({ self: [process.pid] }, { maxWaitS: 120, thresholdPct: 15, log: (s) => console.log(`     ${s}`) });

// 1. Histogram accuracy against sorted samples (log-normal-ish, 1 µs .. 10 s).
{
  const h = new Histogram();
  const xs: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const us = Math.round(Math.exp(Math.random() * Math.log(10_000_000)));
    xs.push(us);
    h.recordUs(us);
  }
  xs.sort((a, b) => a - b);
  let worst = 0;
  for (const q of [0.5, 0.9, 0.99, 0.999, 0.9999]) {
    const exact = xs[Math.ceil(q * xs.length) - 1]! / 1000;
    const got = h.quantileMs(q);
    worst = Math.max(worst, (got - exact) / exact);
    if (got < exact) worst = Infinity; // must never under-report
  }
  check('histogram error', worst <= 0.01, `worst relative error ${(worst * 100).toFixed(2)} % (≤ 1 %, never below the exact value)`);
}

// 2. 2,000 req/s against the Fastify hello-world.
{
  const port = await freePort();
  const hello = startProcess('hello-world', process.execPath, [join(import.meta.dirname, 'hello-world.mjs')],
    { env: { ...process.env, PORT: String(port) }, cwd: dirname(import.meta.dirname), logFile: join(tmpdir(), `open-loop-selftest-hello-${process.pid}.log`) });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor('hello-world', 30_000, async () => ((await fetch(url)).ok ? true : undefined), hello);
  await quiet();
  const r = await runGenerator({ url, kind: 'get', mode: 'open', rate: 2000, connections: 8, warmupS: 1, durationS: 10, cpuGroups: { server: [hello.child.pid!] } });
  console.log(`     hello-world @2000/s: ${show(r)}`);
  check('keeps 2,000 req/s', Math.abs(r.sentRate - 2000) <= 2 && Math.abs(r.throughput - 2000) <= 40 && !r.behind,
    `${r.sentRate.toFixed(1)} sent/s, ${r.throughput.toFixed(1)} answered/s${r.behind ? `; ${r.behind}` : ''}`);
  // Whether requests go out on time depends on getting a core when they are due: on a busy machine this says little.
  const busy = (r.cpu?.otherPct ?? 0) > 15;
  check('few requests late', busy || r.measured.late1ms / r.measured.sent < 0.05,
    `${r.measured.late1ms} of ${r.measured.sent} sent > 1 ms after their time${busy ? ` (not judged: other processes used ${r.cpu!.otherPct.toFixed(0)}% of a core)` : ''}`);
  check('all 2xx', r.measured.ok === r.measured.sent && r.measured.errors === 0, `${r.measured.ok} of ${r.measured.sent}`);
  await quiet();
  const p = await runGenerator({ url, kind: 'get', mode: 'open', arrival: 'poisson', rate: 1000, connections: 8, warmupS: 1, durationS: 10 });
  console.log(`     hello-world Poisson @1000/s: ${show(p)}`);
  check('Poisson averages its rate', Math.abs(p.sentRate - 1000) < 40, `${p.sentRate.toFixed(1)} sent/s (expected 1000 ± ~10)`);
  await hello.stop();
}

// 3. Injected delays, in a server in this process (the generator is another process).
{
  let stallAt = Infinity;
  let delayMs = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (Date.now() >= stallAt) {
      stallAt = Infinity;
      const until = Date.now() + 200;
      while (Date.now() < until) { /* the event loop stalls, as in a long GC or a blocking call */ }
    }
    const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (delayMs) setTimeout(reply, delayMs);
    else reply();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  delayMs = 10;
  await quiet();
  const d = await runGenerator({ url, kind: 'get', mode: 'open', rate: 500, connections: 8, warmupS: 1, durationS: 5 });
  console.log(`     10 ms server @500/s: ${show(d)}`);
  check('10 ms delay shows in p50', d.latency.p50Ms >= 10 && d.latency.p50Ms < 13, `p50 ${d.latency.p50Ms.toFixed(2)} ms`);
  delayMs = 0;

  // 1 s of start-up + 1 s of warm-up, then 2.5 s into the 5 s window: one 200 ms stall.
  const stallRun = async (mode: 'open' | 'closed') => {
    await quiet();
    stallAt = Date.now() + 1500 + 1000 + 2500;
    return runGenerator({ url, kind: 'get', mode, rate: 1000, connections: 8, warmupS: 1, durationS: 5 });
  };
  const open = await stallRun('open');
  console.log(`     200 ms stall, open loop @1000/s: ${show(open)}\n       per second (answers/p99/max ms): ${formatTimeline(open)}`);
  // ~200 requests were due during the stall, waiting 0–200 ms each: ~2 % of 5,000 waited > 100 ms.
  check('open loop sees the stall', open.latency.p99Ms > 100 && open.latency.maxMs >= 190, `p99 ${open.latency.p99Ms.toFixed(1)} ms, max ${open.latency.maxMs.toFixed(1)} ms`);
  const closed = await stallRun('closed');
  console.log(`     200 ms stall, closed loop, 8 connections: ${show(closed)}`);
  check('closed loop hides it (coordinated omission)', closed.latency.p99Ms < 20 && closed.latency.maxMs >= 190,
    `p99 ${closed.latency.p99Ms.toFixed(2)} ms although max ${closed.latency.maxMs.toFixed(1)} ms: only the 8 requests in flight saw the stall`);
  server.close();
}

await runCleanups();
console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
process.exit(failed ? 1 : 0);
