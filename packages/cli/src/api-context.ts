// What the integrator commands (`cardepass products`, `cards`, `orders`,
// `accounts`, `transactions`) share: where they find their server and client
// credentials, the SDK client each action builds from them, and the options of
// the listing commands. They are the SDK's first user: every call goes through
// @cardepass/sdk, with its token cache, retries and errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Cardepass, ConnectionError, TimeoutError } from '@cardepass/sdk';

interface ConnectionFlags { url: string; clientId?: string; clientSecret?: string; json?: boolean }

export interface ApiContext {
  client: Cardepass;
  json: boolean;
}

export const DEFAULT_API_URL = 'http://127.0.0.1:8080/openapi';
/** The server's default base path, added to a URL given without one. */
const DEFAULT_BASE_PATH = '/openapi';

/** The options every integrator command takes; defined on each top-level command. */
export function addApiOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'API base URL').env('CARDEPASS_URL').default(DEFAULT_API_URL))
    .addOption(new Option('--client-id <id>', 'client id (else ./data/demo-credentials.json)').env('CARDEPASS_CLIENT_ID'))
    // The environment is the better place for a secret: a flag shows in the process list.
    .addOption(new Option('--client-secret <secret>', 'client secret; prefer the environment variable').env('CARDEPASS_CLIENT_SECRET'))
    .option('--json', "print the API's data as JSON");
}

/**
 * http://host:8080 → http://host:8080/openapi: CARDEPASS_URL set for the admin
 * commands (which want the bare server URL) then works here too.
 */
export function apiBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid API URL '${url}' (expected e.g. ${DEFAULT_API_URL})`);
  }
  const base = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${base || DEFAULT_BASE_PATH}`;
}

/** The demo credentials `cardepass serve` writes on first start, in $CARDEPASS_DATA_DIR or ./data. */
function demoCredentialFiles(): string[] {
  const dirs = [process.env.CARDEPASS_DATA_DIR, 'data'].filter((dir): dir is string => Boolean(dir));
  return [...new Set(dirs.map((dir) => path.resolve(dir, 'demo-credentials.json')))];
}

function resolveCredentials(flags: ConnectionFlags): { clientId: string; clientSecret: string } {
  if (flags.clientId && flags.clientSecret) return { clientId: flags.clientId, clientSecret: flags.clientSecret };
  if (flags.clientId || flags.clientSecret) throw new Error('pass both the client id and the client secret (--client-id/CARDEPASS_CLIENT_ID and CARDEPASS_CLIENT_SECRET)');
  for (const file of demoCredentialFiles()) {
    if (!existsSync(file)) continue;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { clientId?: unknown; clientSecret?: unknown };
    if (typeof saved.clientId === 'string' && typeof saved.clientSecret === 'string') return { clientId: saved.clientId, clientSecret: saved.clientSecret };
  }
  throw new Error(`no client credentials: set CARDEPASS_CLIENT_ID and CARDEPASS_CLIENT_SECRET, pass --client-id and --client-secret, or run where ${demoCredentialFiles().join(' or ')} exists`);
}

/** Called by each action with its own Command: the options of its top-level command merged with its own. */
export function apiContext(command: Command): ApiContext {
  const flags = command.optsWithGlobals<ConnectionFlags>();
  const client = new Cardepass({ ...resolveCredentials(flags), baseUrl: apiBaseUrl(flags.url) });
  return { client, json: Boolean(flags.json) };
}

/**
 * An action whose failures read well on one line: no answer at all gets a hint
 * about the URL; API errors already read "ERROR_CODE: message (HTTP n, responseId …)".
 */
export function action<Args extends unknown[]>(run: (...args: Args) => Promise<void>): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await run(...args);
    } catch (error) {
      if (error instanceof ConnectionError || error instanceof TimeoutError) {
        throw new Error(`${error.message}; is the server running? Set --url or CARDEPASS_URL`);
      }
      throw error;
    }
  };
}

// ---- listing options: how many rows (the SDK walks the pages for them) and the date range, passed as typed

export const DEFAULT_LIST_LIMIT = 50;
/** A listing is for reading or piping; beyond this, narrow the dates instead. */
export const MAX_LIST_LIMIT = 10_000;
/** Rows per request: the API's largest page. */
export const LIST_PAGE_SIZE = 100;

export function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_LIST_LIMIT) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_LIST_LIMIT}.`);
  return n;
}

/** The page size that fetches `limit` rows in the fewest requests. */
export const pageSizeFor = (limit: number) => Math.min(limit, LIST_PAGE_SIZE);

export interface DateFlags { from?: string; to?: string }

export function addDateOptions(command: Command): Command {
  return command
    .option('--from <date>', 'from this date or date-time (ISO 8601, UTC; a date covers the whole day)')
    .option('--to <date>', 'up to this date or date-time, inclusive (at most 3 months after --from)');
}

/** --from/--to as the API's TransactionDateFrom/To, in the SDK's friendly spelling. */
export function dateQuery(flags: DateFlags): { transactionDateFrom?: string; transactionDateTo?: string } {
  return {
    ...(flags.from ? { transactionDateFrom: flags.from } : {}),
    ...(flags.to ? { transactionDateTo: flags.to } : {}),
  };
}
