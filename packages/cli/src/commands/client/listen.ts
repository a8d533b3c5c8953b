// `cardepass listen --forward-to http://localhost:3000/hook`: what `stripe
// listen` does for Stripe. It follows the customer's events through the API
// (GET /v1/events, so it works against a remote server and needs no endpoint
// registered) and POSTs each new one, oldest first, to a local URL, signed with
// a secret it makes up and prints, so the receiver's verification code runs
// unchanged. One line per event: when, type, id, the local answer, how long.
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { AuthenticationError, NotFoundError, PermissionError, type Cardepass, type CardepassEvent, type EventType } from '@cardepass/sdk';
import { action, addApiOptions, apiContext } from '../../api-context.ts';
import { note } from '../../output.ts';
import { parseEventTypes } from './webhooks.ts';
import { forwardEvent, newListenSecret, SeenEvents, type ForwardResult } from './listen-forward.ts';

/** The platform's own delivery timeout is 15 s; a local receiver gets less before listen moves on. */
export const FORWARD_TIMEOUT_MS = 10_000;
/**
 * Events are listed from this long before the newest one seen: an event whose
 * transaction committed late carries an earlier timestamp than one listed before it.
 */
const LOOKBACK_MS = 60_000;
/** Before any event is seen the window is anchored on the local clock, which may be this far off the server's. */
const CLOCK_SKEW_MS = 10 * 60_000;
/** At most this many pages of 100 per poll: a burst beyond 1,000 events a second is thinned, not buffered without limit. */
const MAX_PAGES_PER_POLL = 10;
/** Ids remembered; events older than the look-back window never come back, so this only needs to cover one window. */
const SEEN_CAPACITY = 10_000;

function parseInterval(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 100 || n > 60_000) throw new InvalidArgumentError('expected milliseconds from 100 to 60000.');
  return n;
}

function parseForwardUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://localhost:3000/hook.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http or https URL.');
  return url.href;
}

interface ListenFlags { forwardTo: string; events?: EventType[]; intervalMs: number }

class Listener {
  readonly #seen = new SeenEvents(SEEN_CAPACITY);
  #newest_ms: number | undefined;
  forwarded = 0;

  constructor(private readonly client: Cardepass, private readonly flags: ListenFlags, private readonly stop: AbortSignal, private readonly json: boolean) {}

  /** Events in the window not handled yet, oldest first. */
  async newEvents(): Promise<CardepassEvent[]> {
    const from_ms = this.#newest_ms === undefined ? Date.now() - CLOCK_SKEW_MS : this.#newest_ms - LOOKBACK_MS;
    const types = this.flags.events;
    // One type is filtered by the server; several are filtered here.
    const list = this.client.events.list({
      dateFrom: new Date(from_ms), pageSize: 100, ...(types?.length === 1 ? { eventType: types[0] } : {}),
    }, { signal: this.stop });
    // Keyed by id: a page boundary that moved while new events arrived repeats an event.
    const fresh = new Map<string, CardepassEvent>();
    let pages = 0;
    for await (const page of list.pages()) {
      for (const event of page.data) {
        if (this.#seen.has(event.eventId) || fresh.has(event.eventId)) continue;
        fresh.set(event.eventId, event);
        const at_ms = Date.parse(event.timestamp);
        if (this.#newest_ms === undefined || at_ms > this.#newest_ms) this.#newest_ms = at_ms;
      }
      if (++pages >= MAX_PAGES_PER_POLL) break;
    }
    const wanted: CardepassEvent[] = [];
    // Listed newest first; forwarded oldest first.
    for (const event of [...fresh.values()].reverse()) {
      if (!types || types.includes(event.type)) wanted.push(event);
      else this.#seen.add(event.eventId);
    }
    return wanted;
  }

  /** What existed before listen started is history, not news: remembered, never forwarded. */
  async prime(): Promise<void> {
    for (const event of await this.newEvents()) this.#seen.add(event.eventId);
  }

  async forward(event: CardepassEvent, secret: string): Promise<void> {
    const result = await forwardEvent(this.flags.forwardTo, secret, event, FORWARD_TIMEOUT_MS, this.stop);
    this.#seen.add(event.eventId);
    this.forwarded++;
    const at = new Date().toISOString();
    if (this.json) process.stdout.write(`${JSON.stringify({ at, type: event.type, eventId: event.eventId, ...result })}\n`);
    else process.stdout.write(`${at}  ${event.type.padEnd(19)}  ${event.eventId}  → ${describe(result)} (${result.duration_ms} ms)\n`);
  }
}

const describe = (result: ForwardResult) => (result.status !== undefined ? `${result.status}` : `error: ${result.error}`);

/** Credentials refused or no events API: polling again cannot help. */
const isFatal = (error: unknown) => error instanceof AuthenticationError || error instanceof PermissionError || error instanceof NotFoundError;

export function registerListenCommand(program: Command): void {
  addApiOptions(program.command('listen'))
    .description('Forward your events, as they happen, to a local URL, signed with a secret printed at start (like `stripe listen`)')
    .showHelpAfterError(false)
    .requiredOption('--forward-to <url>', 'where to POST each event, e.g. http://localhost:3000/hook', parseForwardUrl)
    .option('--events <types>', 'comma-separated event types to forward (default: all)', parseEventTypes)
    .option('--interval-ms <ms>', 'pause between polls of GET /v1/events', parseInterval, 1_000)
    .addHelpText('after', '\nWith --json, every line is a JSON object: {ready, secret, forwardTo}, then one per event {at, type, eventId, status | error, duration_ms}.')
    .action(action(async (flags: ListenFlags, command: Command) => {
      const { client, json } = apiContext(command);
      const stopping = new AbortController();
      const stop = () => stopping.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const listener = new Listener(client, flags, stopping.signal, json);
      const secret = newListenSecret();
      try {
        await listener.prime();
        if (json) process.stdout.write(`${JSON.stringify({ ready: true, secret, forwardTo: flags.forwardTo, events: flags.events ?? null })}\n`);
        else process.stdout.write(`Ready! Your webhook signing secret is ${secret} (^C to quit)\nForwarding ${flags.events?.join(', ') ?? 'all events'} to ${flags.forwardTo}\n`);
        let lastError = '';
        while (!stopping.signal.aborted) {
          try {
            for (const event of await listener.newEvents()) {
              if (stopping.signal.aborted) break;
              await listener.forward(event, secret);
            }
            lastError = '';
          } catch (error) {
            if (stopping.signal.aborted) break;
            if (isFatal(error)) throw error;
            // Said once per distinct failure, not once a second while the server is down.
            const message = (error as Error).message;
            if (message !== lastError) note(`cardepass listen: ${message}; retrying`);
            lastError = message;
          }
          await sleep(flags.intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
        }
      } catch (error) {
        if (!stopping.signal.aborted) throw error;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      if (json) process.stdout.write(`${JSON.stringify({ stopped: true, forwarded: listener.forwarded })}\n`);
      else process.stdout.write(`Stopped; ${listener.forwarded} event${listener.forwarded === 1 ? '' : 's'} forwarded.\n`);
    }));
}
