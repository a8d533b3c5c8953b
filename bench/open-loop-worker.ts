// The load generator's worker: its own Node process (forked by
// bench/lib/open-loop.ts), so that building requests and parsing answers
// does not run on the event loop of the server or of the benchmark script.
// It receives one WorkerConfig over IPC, runs it and sends back one
// WorkerResult, then exits.
//
// Open loop (mode 'open'): request i is *scheduled* at start + i/rate
// (constant) or at the arrival times of a Poisson process, whatever the
// server does. A clock thread wakes up when requests are due and they go out
// at once on a free keep-alive connection; when every connection is busy a
// new one is opened (up to maxConnections). Latency is measured from the
// scheduled time, not from the moment the request was written: if the
// server stalls for 200 ms, every request that should have gone out during
// the stall is charged the time it waited, so there is no coordinated
// omission. How late requests actually went out (clock or event-loop lag,
// waiting for a connection) is measured too: it is part of the latency, and
// a generator that could not keep its own schedule makes the run invalid
// (see open-loop.ts).
//
// Closed loop (mode 'closed'): `connections` loops, each sending its next
// request when the previous answer arrived; latency from the send. This is
// the maximum-throughput mode (what wrk does).
//
// Requests: 'get' (a plain GET of url) or 'authorize' (POST a JSON
// authorization for a card picked at random from `targets`, with its
// customer's token, a random amount and a unique reference).
//
// HTTP: a minimal HTTP/1.1 keep-alive client on node:net, one request in
// flight per connection (no pipelining). node:http's client costs ~120 µs of
// CPU per request here against ~25 µs for this one; on a 2-core machine
// shared with the server and PostgreSQL that difference is taken from them.
// It handles what a Node server sends: Content-Length or chunked bodies,
// `Connection: close`, and a server closing an idle connection (the request
// on it fails as an error, which makes the run invalid, rather than being
// retried behind our back).
import { connect, type Socket } from 'node:net';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Histogram, type SerializedHistogram } from './lib/histogram.ts';

export interface WorkerTarget { token: string; cardId: string }

export interface WorkerConfig {
  url: string;
  kind: 'get' | 'authorize';
  mode: 'open' | 'closed';
  /** Open loop: requests per second of this worker. */
  rate?: number;
  arrival?: 'constant' | 'poisson';
  /** Closed loop: the number of loops. Open loop: connections opened up front (the pool grows up to maxConnections). */
  connections: number;
  maxConnections?: number;
  /** Requests scheduled (open) or sent (closed) in the first warmupS are not measured, but they are counted for the books. */
  warmupS: number;
  durationS: number;
  /** A request unanswered after this long is aborted (its connection closed) and counted as a timeout. */
  timeoutMs: number;
  targets?: WorkerTarget[];
  headers?: Record<string, string>;
  /** Unique per run: references are <runTag>-<worker>-<seq>. */
  runTag?: string;
  /** Authorization amounts: uniform random whole cents in [min, max]. */
  amountMinor?: [number, number];
  /** Worker number (for references and the schedule's phase among workers). */
  index: number;
  workers: number;
  /** Epoch ms at which the schedule starts: the same for every worker of a run. */
  startAtEpochMs: number;
  /** Open loop: a cheap GET path used to open the first connections before the start ('/'). */
  warmPath?: string;
  /** Nice value to run at (e.g. -5), when allowed; see runWorker. */
  nice?: number;
}

/** One second of the measured window, by scheduled (open) or send (closed) time. */
export interface SecondStats { sent: number; done: number; late1ms: number; latency: SerializedHistogram }

export interface WorkerResult {
  /** Requests sent, answered, and how. `all` includes the warm-up, `measured` only the measured window. */
  all: Counts;
  measured: Counts;
  /** Measured window, latency (open: from the scheduled time; closed: from the send). */
  latency: SerializedHistogram;
  /** Open loop, measured window: how late each request was written after its scheduled time. */
  sendLag: SerializedHistogram;
  /** Answers completed inside the measured window, for throughput. */
  completedInWindow: number;
  windowS: number;
  connectionsOpened: number;
  maxInFlight: number;
  /** Requests that found every connection busy and the pool at its maximum, and waited (open loop). */
  waitedForConnection: number;
  perSecond: SecondStats[];
  /** The nice value the worker ran at, or why it could not set it. */
  nice: string;
  firstBad?: string;
  firstOther?: string;
}

export interface Counts {
  scheduled: number;
  sent: number;
  answered: number;
  ok: number;
  non2xx: number;
  /** Socket errors (refused, reset, closed…) and timeouts. */
  errors: number;
  timeouts: number;
  approved: number;
  declined: number;
  /** 2xx answers that are neither an approval nor a decline (an error envelope, say). */
  other: number;
  declineReasons: Record<string, number>;
  /** Sum of the amounts of approved authorizations, in cents. */
  approvedMinor: number;
  /** Open loop: requests written more than 1 ms after their scheduled time. */
  late1ms: number;
}

const newCounts = (): Counts => ({ scheduled: 0, sent: 0, answered: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0, approved: 0, declined: 0, other: 0, declineReasons: {}, approvedMinor: 0, late1ms: 0 });

/** ms of the monotonic clock, the same in every thread (the clock thread uses it too). */
const now = () => {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
};

const DECLINE = /"declineReason":"([A-Z_]+)"/;

type Outcome = number | 'error' | 'timeout';
type OnAnswer = (status: Outcome, text: string) => void;

/**
 * One keep-alive connection, one request at a time. Bytes are read as latin1
 * so that string length = byte count (Content-Length is in bytes); the
 * bodies we look into are ASCII JSON.
 */
class Conn {
  private socket: Socket;
  private buf = '';
  private cb: OnAnswer | null = null;
  private head: { end: number; status: number; length: number; chunked: boolean; close: boolean } | null = null;
  alive = true;
  sentAt = 0;

  constructor(host: string, port: number) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => this.onData(d));
    this.socket.on('error', (e) => this.fail('error', e.message));
    this.socket.on('close', () => this.fail('error', 'connection closed by the server'));
  }

  get busy(): boolean { return this.cb !== null; }

  send(raw: string, cb: OnAnswer): void {
    if (!this.alive) return cb('error', 'connection closed');
    this.cb = cb;
    this.sentAt = now();
    this.socket.write(raw, 'latin1');
  }

  /** Ends the request in flight (if any) with an error and closes the connection. */
  fail(status: 'error' | 'timeout', why: string): void {
    this.alive = false;
    this.socket.destroy();
    const cb = this.cb;
    this.cb = null;
    cb?.(status, why);
  }

  close(): void {
    this.alive = false;
    this.socket.destroy();
  }

  private onData(d: string): void {
    this.buf += d;
    while (this.buf.length) {
      if (!this.cb) return this.fail('error', `unexpected bytes from the server: ${this.buf.slice(0, 100)}`);
      if (!this.head) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = this.buf.slice(0, end).split('\r\n');
        const status = Number(lines[0]!.slice(9, 12));
        let length = -1, chunked = false, close = false;
        for (let i = 1; i < lines.length; i++) {
          const l = lines[i]!;
          const c = l.indexOf(':');
          const k = l.slice(0, c).trim().toLowerCase();
          const v = l.slice(c + 1).trim().toLowerCase();
          if (k === 'content-length') length = Number(v);
          else if (k === 'transfer-encoding') chunked = v.includes('chunked');
          else if (k === 'connection') close = v === 'close';
        }
        if (!chunked && length < 0) length = status === 204 || status === 304 ? 0 : NaN;
        if (!(status >= 100) || Number.isNaN(length)) return this.fail('error', `cannot parse the answer: ${this.buf.slice(0, 200)}`);
        this.head = { end: end + 4, status, length, chunked, close };
      }
      const h = this.head;
      let text: string;
      let used: number;
      if (!h.chunked) {
        if (this.buf.length < h.end + h.length) return;
        text = this.buf.slice(h.end, h.end + h.length);
        used = h.end + h.length;
      } else {
        // <hex size>\r\n<data>\r\n … 0\r\n\r\n (no trailers from a Node server)
        let p = h.end;
        text = '';
        for (;;) {
          const eol = this.buf.indexOf('\r\n', p);
          if (eol < 0) return;
          const size = parseInt(this.buf.slice(p, eol), 16);
          if (Number.isNaN(size)) return this.fail('error', 'bad chunked encoding');
          if (this.buf.length < eol + 2 + size + 2) return;
          text += this.buf.slice(eol + 2, eol + 2 + size);
          p = eol + 2 + size + 2;
          if (size === 0) break;
        }
        used = p;
      }
      this.buf = this.buf.slice(used);
      this.head = null;
      const cb = this.cb;
      this.cb = null;
      if (h.close) this.close();
      cb(h.status, text);
    }
  }
}

export async function runWorker(cfg: WorkerConfig): Promise<WorkerResult> {
  // A request due now should go out now, even when the server and PostgreSQL
  // keep both cores busy: a slightly higher priority (this thread, and the
  // clock thread, which inherits it) makes the timestamps exact, at the cost
  // of the few percent of a core the generator uses. Needs root (CAP_SYS_NICE).
  let nice = '0';
  if (cfg.nice) {
    try {
      setPriority(cfg.nice);
      nice = String(cfg.nice);
    } catch (err) {
      nice = `0 (could not set ${cfg.nice}: ${(err as Error).message})`;
    }
  }
  const url = new URL(cfg.url);
  const host = url.hostname;
  const port = Number(url.port || 80);
  const path = url.pathname + url.search;
  const maxConnections = Math.max(cfg.connections, cfg.maxConnections ?? cfg.connections);
  const all = newCounts();
  const measured = newCounts();
  const latency = new Histogram();
  const sendLag = new Histogram();
  const perSecond: { sent: number; done: number; late1ms: number; h: Histogram }[] = [];
  let firstBad: string | undefined, firstOther: string | undefined;
  let completedInWindow = 0;
  let inFlight = 0, maxInFlight = 0, waitedForConnection = 0;

  // The schedule's start is given in wall-clock time, the same for all workers.
  const t0 = now() + (cfg.startAtEpochMs - Date.now());
  const measureFrom = t0 + cfg.warmupS * 1000;
  const end = measureFrom + cfg.durationS * 1000;
  const second = (t: number) => (perSecond[Math.floor((t - measureFrom) / 1000)] ??= { sent: 0, done: 0, late1ms: 0, h: new Histogram() });

  // Connections: every one we open is in `conns` (for timeouts); idle ones in `idle`.
  const conns = new Set<Conn>();
  const idle: Conn[] = [];
  let connectionsOpened = 0;
  const open = () => {
    const c = new Conn(host, port);
    conns.add(c);
    connectionsOpened++;
    return c;
  };
  const timeouts = setInterval(() => {
    const t = now();
    for (const c of conns) if (c.busy && t - c.sentAt > cfg.timeoutMs) c.fail('timeout', `no answer in ${cfg.timeoutMs} ms`);
  }, 100);

  const targets = cfg.targets ?? [];
  if (cfg.kind === 'authorize' && !targets.length) throw new Error('authorize needs targets');
  const [minMinor, maxMinor] = cfg.amountMinor ?? [1, 200];
  const extra = Object.entries(cfg.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const getRaw = `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${extra}\r\n`;
  let seq = 0;

  /** Sends one request on conn; `scheduled` is the time its latency counts from. */
  const send = (conn: Conn, scheduled: number, onDone: (conn: Conn) => void) => {
    const sentAt = now();
    const inWindow = scheduled >= measureFrom && scheduled < end;
    const c = inWindow ? [all, measured] : [all];
    for (const x of c) x.sent++;
    if (inWindow) {
      const s = second(scheduled);
      s.sent++;
      if (cfg.mode === 'open') {
        const lag = sentAt - scheduled;
        sendLag.recordMs(lag);
        if (lag > 1) {
          measured.late1ms++;
          s.late1ms++;
        }
      }
    }
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;

    let raw = getRaw;
    let amount = 0;
    if (cfg.kind === 'authorize') {
      const t = targets[Math.floor(Math.random() * targets.length)]!;
      amount = minMinor + Math.floor(Math.random() * (maxMinor - minMinor + 1));
      const body = `{"cardId":"${t.cardId}","amount":"${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}","merchantName":"Bench Store","mcc":"5999","reference":"${cfg.runTag}-${cfg.index}-${seq++}"}`;
      raw = `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
    }
    conn.send(raw, (status, text) => {
      inFlight--;
      const doneAt = now();
      const ms = doneAt - (cfg.mode === 'open' ? scheduled : sentAt);
      const failed = status === 'error' || status === 'timeout';
      for (const x of c) {
        if (failed) {
          x.errors++;
          if (status === 'timeout') x.timeouts++;
          continue;
        }
        x.answered++;
        if (status < 200 || status >= 300) {
          x.non2xx++;
          continue;
        }
        x.ok++;
        if (cfg.kind !== 'authorize') continue;
        const clean = text.includes('"hasError":false');
        if (clean && text.includes('"status":"Pending"')) {
          x.approved++;
          x.approvedMinor += amount;
        } else if (clean && text.includes('"status":"Declined"')) {
          x.declined++;
          const r = DECLINE.exec(text)?.[1] ?? '?';
          x.declineReasons[r] = (x.declineReasons[r] ?? 0) + 1;
        } else {
          x.other++;
        }
      }
      if (failed || status < 200 || status >= 300) firstBad ??= `${status} ${text.slice(0, 300)}`;
      else if (cfg.kind === 'authorize' && !text.includes('"hasError":false')) firstOther ??= text.slice(0, 300);
      // A request that failed still took this long: it stays in the latency (and the run is invalid anyway).
      if (inWindow) {
        latency.recordMs(ms);
        const s = second(scheduled);
        s.done++;
        s.h.recordMs(ms);
      }
      if (doneAt >= measureFrom && doneAt < end) completedInWindow++;
      if (!conn.alive) conns.delete(conn);
      onDone(conn);
    });
  };

  await new Promise<void>((resolveRun, rejectRun) => {
    let scheduling = true;
    const queue: number[] = []; // open loop: scheduled times waiting for a connection
    const maybeDone = () => { if (!scheduling && inFlight === 0 && queue.length === 0) resolveRun(); };

    if (cfg.mode === 'closed') {
      // Each loop sends back to back from t0 until the end; a dead connection is replaced.
      const loop = (conn: Conn) => {
        const t = now();
        if (t >= end) {
          conn.close();
          maybeDone();
          return;
        }
        all.scheduled++;
        if (t >= measureFrom) measured.scheduled++;
        send(conn.alive ? conn : open(), t, loop);
      };
      setTimeout(() => {
        for (let i = 0; i < cfg.connections; i++) loop(open());
        scheduling = false;
      }, Math.max(0, t0 - now()));
      return;
    }

    // Open loop. The schedule's clock is a thread of its own (see TICKER):
    // it sleeps until the next request is due, to a tenth of a millisecond,
    // and passes the due times here, where they are sent at once.
    const release = (conn: Conn) => {
      // A connection became free: the oldest waiting request goes first
      // (on a new connection if the server closed this one).
      if (queue.length && (conn.alive || conns.size < maxConnections)) send(conn.alive ? conn : open(), queue.shift()!, release);
      else {
        if (conn.alive) idle.push(conn);
        maybeDone();
      }
    };
    const dispatch = (scheduled: number) => {
      all.scheduled++;
      if (scheduled >= measureFrom) measured.scheduled++;
      // Most recently used first: it is the one most likely still warm.
      const conn = idle.pop() ?? (conns.size < maxConnections ? open() : undefined);
      if (conn) send(conn, scheduled, release);
      else {
        waitedForConnection++;
        queue.push(scheduled);
      }
    };
    const clock = new Worker(TICKER, {
      eval: true,
      workerData: { t0, end, rate: cfg.rate!, poisson: cfg.arrival === 'poisson', index: cfg.index, workers: cfg.workers },
    });
    clock.on('message', (due: number[] | 'end') => {
      if (due === 'end') {
        scheduling = false;
        void clock.terminate();
        maybeDone();
        return;
      }
      for (const s of due) dispatch(s);
    });
    clock.on('error', rejectRun);
    // Open the first connections before the schedule starts.
    void warmConnections(cfg.connections, open, `GET ${cfg.warmPath ?? '/'} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
      .then((ready) => { for (const c of ready) if (c.alive) idle.push(c); else conns.delete(c); });
  });
  clearInterval(timeouts);
  for (const c of conns) c.close();

  return {
    all, measured, latency: latency.toJSON(), sendLag: sendLag.toJSON(), completedInWindow, windowS: cfg.durationS,
    connectionsOpened, maxInFlight, waitedForConnection,
    perSecond: Array.from({ length: Math.ceil(cfg.durationS) }, (_, k) => perSecond[k])
      .map((s) => ({ sent: s?.sent ?? 0, done: s?.done ?? 0, late1ms: s?.late1ms ?? 0, latency: (s?.h ?? new Histogram()).toJSON() })),
    nice, firstBad, firstOther,
  };
}

/** Opens n connections and makes one cheap request on each, so that they are established before the schedule starts. */
async function warmConnections(n: number, open: () => Conn, raw: string): Promise<Conn[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<Conn>((resolve) => {
    const c = open();
    c.send(raw, () => resolve(c));
  })));
}

/**
 * The schedule's clock, run as a worker thread. libuv timers have a
 * resolution of 1 ms, which would send requests up to a millisecond late and
 * in bunches; Atomics.wait sleeps for fractions of a millisecond (a futex
 * with a timeout) without spinning. The thread computes the schedule
 * (constant: global slot k at t0 + k / (rate × workers), this worker taking
 * k = index, index + workers, …; Poisson: exponential gaps at `rate`) and
 * posts each batch of due times (ms of the shared monotonic clock) to the
 * main thread, which sends them. If the main thread is busy, due times wait
 * in its inbox and go out late: the send lag measures that.
 */
const TICKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const cell = new Int32Array(new SharedArrayBuffer(4));
const now = () => { const [s, ns] = process.hrtime(); return s * 1e3 + ns / 1e6; };
const expo = () => (-Math.log(1 - Math.random()) / w.rate) * 1000;
const at = (j) => w.t0 + ((j * w.workers + w.index) / (w.rate * w.workers)) * 1000;
let j = 0;
let next = w.poisson ? w.t0 + expo() : at(0);
while (next < w.end) {
  const wait = next - now();
  // Wake up 30 µs early (the futex overshoots by ~50-100 µs), then spin the rest.
  if (wait > 0.05) Atomics.wait(cell, 0, 0, wait - 0.03);
  const t = now();
  const due = [];
  while (next <= t && next < w.end) {
    due.push(next);
    next = w.poisson ? next + expo() : at(++j);
  }
  if (due.length) parentPort.postMessage(due);
}
parentPort.postMessage('end');
`;

// Run as a forked process: one config in, one result out.
if (process.send) {
  process.once('message', (cfg: WorkerConfig) => {
    runWorker(cfg).then(
      (r) => process.send!({ ok: true, result: r }, () => process.exit(0)),
      (err: Error) => process.send!({ ok: false, error: err.stack ?? String(err) }, () => process.exit(1)),
    );
  });
}
