// Gauges read from the server's own /metrics (prom-client's default collectors), for
// telling the server's share of a measurement from the database's and the machine's.

/** The values of the named un-labelled gauges, null where absent or the scrape failed. */
export async function serverGauges<N extends string>(base: string, names: readonly N[]): Promise<Record<N, number | null>> {
  const out = Object.fromEntries(names.map((n) => [n, null])) as Record<N, number | null>;
  try {
    const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    for (const line of text.split('\n')) {
      const [name, value] = line.split(' ');
      if (name && (names as readonly string[]).includes(name) && value !== undefined) out[name as N] = Number(value);
    }
  } catch {
    // the server is gone or busy: unknown, not zero
  }
  return out;
}

const LAG = ['nodejs_eventloop_lag_max_seconds', 'nodejs_eventloop_lag_p99_seconds'] as const;

/**
 * The server's event-loop delay over a window: prom-client resets its event-loop
 * histogram at each scrape, so a scrape at the start opens the window and one at the
 * end reads its p99 and maximum. A stall the server's own thread caused (a long
 * synchronous task, a GC pause) shows here; one in the database or the network does not.
 */
export async function eventLoopWindow(base: string): Promise<() => Promise<string>> {
  await serverGauges(base, LAG);
  return async () => {
    const g = await serverGauges(base, LAG);
    const ms = (v: number | null) => (v === null ? '?' : (v * 1000).toFixed(1));
    return `server event-loop delay p99 ${ms(g.nodejs_eventloop_lag_p99_seconds)} ms, max ${ms(g.nodejs_eventloop_lag_max_seconds)} ms`;
  };
}
