// What `cardepass listen` does with one event: sign it the Standard Webhooks
// way with the secret listen printed, POST it to the local URL, and report the
// answer. Also the bounded memory of which events were already forwarded.
import { createHmac, randomBytes } from 'node:crypto';
import type { CardepassEvent } from '@cardepass/sdk';

const SECRET_PREFIX = 'whsec_';
/** 24 random bytes, as the platform's own endpoint secrets. */
export const newListenSecret = () => `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;

/** content-type and the three Standard Webhooks headers, as the platform's deliveries carry them. */
export function signedHeaders(secret: string, webhookId: string, timestamp_s: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestamp_s}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'user-agent': 'cardepass-listen',
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp_s),
    'webhook-signature': `v1,${mac}`,
  };
}

export interface ForwardResult {
  /** The local server's HTTP status, or undefined when none came. */
  status?: number;
  error?: string;
  duration_ms: number;
}

/**
 * One POST, as the platform would deliver it. Redirects are not followed (the
 * platform counts a 3xx as a failure too); the answer's body is discarded unread.
 */
export async function forwardEvent(url: string, secret: string, event: CardepassEvent, timeout_ms: number, stop: AbortSignal): Promise<ForwardResult> {
  const body = JSON.stringify(event);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST', body, redirect: 'manual',
      headers: signedHeaders(secret, event.eventId, Math.floor(Date.now() / 1000), body),
      signal: AbortSignal.any([AbortSignal.timeout(timeout_ms), stop]),
    });
    await response.body?.cancel();
    return { status: response.status, duration_ms: elapsed() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const name = (error as Error).name;
    const reason = name === 'TimeoutError' ? `timed out after ${timeout_ms} ms` : cause?.code ?? (error as Error).message;
    return { error: reason, duration_ms: elapsed() };
  }
}

/**
 * Event ids already handled, forgetting the oldest beyond `capacity`: listen
 * runs for hours, and only the events inside its look-back window can reappear.
 */
export class SeenEvents {
  readonly #ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value!);
  }

  get size(): number {
    return this.#ids.size;
  }
}
