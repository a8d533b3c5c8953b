/**
 * The promise's value, or undefined once timeoutMs pass or signal aborts, whichever comes first. Unlike a
 * race against a sleep, nothing outlives the wait: the timer and the abort listener go as soon as the
 * promise settles (an order's execution usually ends long before its request's wait would have).
 */
export function settledWithin<T>(promise: Promise<T>, timeoutMs: number, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const end = () => { clearTimeout(timer); signal.removeEventListener('abort', onEnd); };
    const onEnd = () => { end(); resolve(undefined); };
    const timer = setTimeout(onEnd, timeoutMs);
    signal.addEventListener('abort', onEnd, { once: true });
    promise.then((value) => { end(); resolve(value); }, (error: unknown) => { end(); reject(error); });
  });
}
