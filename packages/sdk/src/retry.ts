// When and how long to wait before trying a request again. The documents'
// best practice: exponential backoff on 5xx and network failures; 429 waits
// what Retry-After says. Every number here has a ceiling so that no call can
// wait unboundedly, whatever the server or the caller's options say.

/** Hard ceiling on retries per call, whatever maxRetries asks for. */
export const MAX_RETRIES_LIMIT = 10;
/** First backoff window; doubles per attempt. */
export const BASE_RETRY_DELAY_MS = 500;
/** Largest backoff window between two attempts. */
export const MAX_RETRY_DELAY_MS = 8_000;
/**
 * Longest Retry-After the SDK sleeps through. A server asking for more is
 * better reported to the caller (RateLimitError.retryAfter) than hidden in a hang.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Full jitter (delay drawn uniformly from [0, window]): clients that failed
 * together do not come back together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const window = Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * window);
}

/** Retry-After in milliseconds, from delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its weekday and month; anything else ('-1', '2025') is not one, though Date.parse would accept it.
  if (!/^[A-Za-z]{3},/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Statuses worth another attempt: rate limited, or the server (or a proxy before it) failed. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Resolves after `ms`, or rejects with the signal's reason when the caller aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A maxRetries option as a whole number within [0, MAX_RETRIES_LIMIT]. */
export function clampRetries(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(MAX_RETRIES_LIMIT, Math.floor(value));
}
