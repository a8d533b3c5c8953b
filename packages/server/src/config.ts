import path from 'node:path';

/** Everything the server reads from its environment, with defaults. README's configuration table lists these. */
export interface Config {
  environment: 'sandbox' | 'production';
  host: string;
  port: number;
  /** Data directory: PGlite files (when no DATABASE_URL), key files. */
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  /** Named (server-side prepared) statements on the hot paths; off behind PgBouncer < 1.21 in transaction mode. */
  dbPreparedStatements: boolean;
  basePath: string;
  adminKey: string | undefined;
  dataKey: string | undefined;
  role: 'all' | 'api' | 'worker';
  orderWaitMs: number;
  tokenTtlSeconds: number;
  bodyLimitBytes: number;
  channelLatencyMs: number;
  channelFailureRate: number;
  workerPollMs: number;
  jobLeaseMs: number;
  jobMaxAttempts: number;
  rateLimitPerSecond: number;
  /** Days an approved authorization holds funds before the worker expires it. */
  authExpiryDays: number;
  /** How far a clearing may exceed its authorization, in percent of the authorized amount. */
  overCapturePercent: number;
  /** Most authorizations decided in one database transaction. */
  authBatchMax: number;
  /** Most authorization batches in flight at once per process. */
  authBatchConcurrency: number;
  /** How far V8 lets the heap grow past what its last full collection kept, in percent (0: V8's own heuristic). */
  heapGrowthPercent: number;
  logLevel: string;
  seed: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  /** How long a graceful shutdown may take before the process gives up and exits 1. */
  shutdownTimeoutMs: number;
  /** Failed token requests one client_id may make from one address per lockout window. */
  authFailuresPerPair: number;
  /** Failed token requests one address may make per lockout window, whatever the client_id. */
  authFailuresPerIp: number;
  /** Failed token requests for one client_id per lockout window, from all addresses together. */
  authFailuresPerClient: number;
  /** Failed admin-key attempts one address may make per lockout window. */
  adminAuthFailuresPerIp: number;
  /** Length of the window failures are counted in; a used-up budget stays locked until it ends. */
  authLockoutWindowSeconds: number;
  /** Send Strict-Transport-Security (only behind HTTPS). */
  hsts: boolean;
  /** Seconds between webhook delivery attempts: the n-th entry follows the n-th failure; after the last, the delivery is Failed. */
  webhookRetryScheduleS: number[];
  /** Allow webhook URLs on loopback, private, link-local and metadata addresses in production (always allowed in the sandbox). */
  webhookAllowPrivate: boolean;
  /** How long a receiver has to answer a delivery with a 2xx. */
  webhookTimeoutMs: number;
  /** Days events (and their deliveries) are kept before the worker prunes them. */
  eventRetentionDays: number;
  /** A console session ends after this long without a request. */
  sessionIdleMinutes: number;
  /** A console session ends this long after sign-in, however active. */
  sessionMaxHours: number;
  /** Failed sign-ins for one e-mail address per lockout window, from all addresses together. */
  signInFailuresPerAccount: number;
  /** Failed sign-ins one address may make per lockout window, whatever the e-mail address. */
  signInFailuresPerIp: number;
  /** E-mail address of the owner user created on first start. */
  ownerEmail: string;
  /** Most rows one CSV export (GET /admin/v1/exports/:list) writes; beyond it the file ends with a truncation line. */
  exportMaxRows: number;
}

/** About three days of retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_S = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

function scheduleFrom(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined || value === '') return fallback;
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length > 20 || parts.some((n) => !Number.isInteger(n) || n < 1 || n > 604_800)) {
    throw new Error(`${name} must be 1 to 20 comma-separated whole seconds, each from 1 to 604800`);
  }
  return parts;
}

function intFrom(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

function numberFrom(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return parsed;
}

function emailFrom(value: string | undefined, fallback: string, name: string): string {
  if (value === undefined || value === '') return fallback;
  if (value.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(value)) throw new Error(`${name} must be an e-mail address`);
  return value;
}

function booleanFrom(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (value !== 'true' && value !== 'false') throw new Error(`${name} must be true or false`);
  return value === 'true';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const environment = (env.CARDEPASS_ENV ?? 'sandbox') as Config['environment'];
  if (environment !== 'sandbox' && environment !== 'production') throw new Error('CARDEPASS_ENV must be sandbox or production');
  const role = (env.CARDEPASS_ROLE ?? 'all') as Config['role'];
  if (!['all', 'api', 'worker'].includes(role)) throw new Error('CARDEPASS_ROLE must be all, api or worker');
  const basePath = env.CARDEPASS_BASE_PATH ?? '/openapi';
  if (!/^(\/[A-Za-z0-9_-]+)*$/.test(basePath)) throw new Error('CARDEPASS_BASE_PATH must look like /openapi');
  return {
    environment,
    host: env.HOST ?? '127.0.0.1',
    port: intFrom(env.PORT, 8080, 'PORT', 0, 65535),
    dataDir: path.resolve(env.CARDEPASS_DATA_DIR ?? 'data'),
    databaseUrl,
    dbPoolSize: intFrom(env.CARDEPASS_DB_POOL_SIZE, 20, 'CARDEPASS_DB_POOL_SIZE', 1, 500),
    dbPreparedStatements: booleanFrom(env.CARDEPASS_DB_PREPARED_STATEMENTS, true, 'CARDEPASS_DB_PREPARED_STATEMENTS'),
    basePath,
    adminKey: env.CARDEPASS_ADMIN_KEY || undefined,
    dataKey: env.CARDEPASS_DATA_KEY || undefined,
    role,
    orderWaitMs: intFrom(env.CARDEPASS_ORDER_WAIT_MS, 2000, 'CARDEPASS_ORDER_WAIT_MS', 0, 30_000),
    tokenTtlSeconds: intFrom(env.CARDEPASS_TOKEN_TTL_S, 3600, 'CARDEPASS_TOKEN_TTL_S', 1, 86_400),
    bodyLimitBytes: intFrom(env.CARDEPASS_BODY_LIMIT_BYTES, 64 * 1024, 'CARDEPASS_BODY_LIMIT_BYTES', 1024, 10 * 1024 * 1024),
    channelLatencyMs: intFrom(env.CARDEPASS_CHANNEL_LATENCY_MS, 0, 'CARDEPASS_CHANNEL_LATENCY_MS', 0, 60_000),
    channelFailureRate: numberFrom(env.CARDEPASS_CHANNEL_FAILURE_RATE, 0, 'CARDEPASS_CHANNEL_FAILURE_RATE', 0, 1),
    workerPollMs: intFrom(env.CARDEPASS_WORKER_POLL_MS, 250, 'CARDEPASS_WORKER_POLL_MS', 10, 60_000),
    jobLeaseMs: intFrom(env.CARDEPASS_JOB_LEASE_MS, 30_000, 'CARDEPASS_JOB_LEASE_MS', 1000, 3_600_000),
    jobMaxAttempts: intFrom(env.CARDEPASS_JOB_MAX_ATTEMPTS, 5, 'CARDEPASS_JOB_MAX_ATTEMPTS', 1, 100),
    rateLimitPerSecond: intFrom(env.CARDEPASS_RATE_LIMIT_RPS, 200, 'CARDEPASS_RATE_LIMIT_RPS', 0, 1_000_000),
    authExpiryDays: intFrom(env.CARDEPASS_AUTH_EXPIRY_DAYS, 7, 'CARDEPASS_AUTH_EXPIRY_DAYS', 1, 30),
    overCapturePercent: intFrom(env.CARDEPASS_OVER_CAPTURE_PERCENT, 15, 'CARDEPASS_OVER_CAPTURE_PERCENT', 0, 100),
    authBatchMax: intFrom(env.CARDEPASS_AUTH_BATCH_MAX, 200, 'CARDEPASS_AUTH_BATCH_MAX', 1, 1000),
    authBatchConcurrency: intFrom(env.CARDEPASS_AUTH_BATCH_CONCURRENCY, 2, 'CARDEPASS_AUTH_BATCH_CONCURRENCY', 1, 64),
    heapGrowthPercent: intFrom(env.CARDEPASS_HEAP_GROWTH_PERCENT, 100, 'CARDEPASS_HEAP_GROWTH_PERCENT', 0, 400),
    logLevel: env.LOG_LEVEL ?? 'info',
    metricsToken: env.CARDEPASS_METRICS_TOKEN || undefined,
    shutdownTimeoutMs: intFrom(env.CARDEPASS_SHUTDOWN_TIMEOUT_MS, 10_000, 'CARDEPASS_SHUTDOWN_TIMEOUT_MS', 100, 600_000),
    authFailuresPerPair: intFrom(env.CARDEPASS_AUTH_FAILURES_PER_PAIR, 10, 'CARDEPASS_AUTH_FAILURES_PER_PAIR', 1, 1_000_000),
    authFailuresPerIp: intFrom(env.CARDEPASS_AUTH_FAILURES_PER_IP, 30, 'CARDEPASS_AUTH_FAILURES_PER_IP', 1, 1_000_000),
    authFailuresPerClient: intFrom(env.CARDEPASS_AUTH_FAILURES_PER_CLIENT, 100, 'CARDEPASS_AUTH_FAILURES_PER_CLIENT', 1, 1_000_000),
    adminAuthFailuresPerIp: intFrom(env.CARDEPASS_ADMIN_AUTH_FAILURES_PER_IP, 10, 'CARDEPASS_ADMIN_AUTH_FAILURES_PER_IP', 1, 1_000_000),
    authLockoutWindowSeconds: intFrom(env.CARDEPASS_AUTH_LOCKOUT_WINDOW_S, 60, 'CARDEPASS_AUTH_LOCKOUT_WINDOW_S', 1, 86_400),
    hsts: booleanFrom(env.CARDEPASS_HSTS, false, 'CARDEPASS_HSTS'),
    webhookRetryScheduleS: scheduleFrom(env.CARDEPASS_WEBHOOK_RETRY_SCHEDULE_S, DEFAULT_WEBHOOK_RETRY_SCHEDULE_S, 'CARDEPASS_WEBHOOK_RETRY_SCHEDULE_S'),
    webhookAllowPrivate: booleanFrom(env.CARDEPASS_WEBHOOK_ALLOW_PRIVATE, false, 'CARDEPASS_WEBHOOK_ALLOW_PRIVATE'),
    webhookTimeoutMs: intFrom(env.CARDEPASS_WEBHOOK_TIMEOUT_MS, 15_000, 'CARDEPASS_WEBHOOK_TIMEOUT_MS', 100, 60_000),
    eventRetentionDays: intFrom(env.CARDEPASS_EVENT_RETENTION_DAYS, 30, 'CARDEPASS_EVENT_RETENTION_DAYS', 1, 3650),
    sessionIdleMinutes: intFrom(env.CARDEPASS_SESSION_IDLE_MINUTES, 30, 'CARDEPASS_SESSION_IDLE_MINUTES', 1, 1440),
    sessionMaxHours: intFrom(env.CARDEPASS_SESSION_MAX_HOURS, 12, 'CARDEPASS_SESSION_MAX_HOURS', 1, 720),
    signInFailuresPerAccount: intFrom(env.CARDEPASS_SIGNIN_FAILURES_PER_ACCOUNT, 10, 'CARDEPASS_SIGNIN_FAILURES_PER_ACCOUNT', 1, 1_000_000),
    signInFailuresPerIp: intFrom(env.CARDEPASS_SIGNIN_FAILURES_PER_IP, 30, 'CARDEPASS_SIGNIN_FAILURES_PER_IP', 1, 1_000_000),
    ownerEmail: emailFrom(env.CARDEPASS_OWNER_EMAIL, 'owner@localhost', 'CARDEPASS_OWNER_EMAIL'),
    exportMaxRows: intFrom(env.CARDEPASS_EXPORT_MAX_ROWS, 100_000, 'CARDEPASS_EXPORT_MAX_ROWS', 1, 1_000_000),
    // Demo data belongs in the sandbox; a production store starts empty unless asked.
    seed: env.CARDEPASS_SEED ? env.CARDEPASS_SEED !== 'false' : environment === 'sandbox',
    ...overrides,
  };
}
