/** Thrown when something the operations endpoints wait on does not answer in time. */
export class TimeoutError extends Error {
  constructor(readonly timeout_ms: number) {
    super(`no answer within ${timeout_ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * `work`, or a TimeoutError after timeout_ms. The work itself goes on (a query
 * cannot be called back); what waits for it stops waiting, so a health check
 * or a scrape never hangs on a database that does not answer.
 */
export function withTimeout<T>(work: Promise<T>, timeout_ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeout_ms)), timeout_ms);
    // Never the reason a process stays alive.
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
