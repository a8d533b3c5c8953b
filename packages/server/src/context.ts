import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import type { IssuerChannel } from './channel/channel.ts';
import { SimulatedChannel } from './channel/simulated.ts';
import { deriveKey } from './lib/crypto.ts';
import { Catalog } from './services/catalog.ts';
import { CardDirectory } from './services/cards.ts';
import { Customers } from './services/customers.ts';
import { AccountDirectory } from './services/ledger/accounts.ts';
import { Deposits } from './services/ledger/deposits.ts';
import { OrderPipeline } from './services/orders/pipeline.ts';
import { MoneyOrderBatches } from './services/orders/money-batches.ts';
import { StandardOrders } from './services/orders/standard.ts';
import { ShareBalanceOrders } from './services/orders/share-balance.ts';
import { OrderExecutor } from './worker/executor.ts';
import { AuthorizationEngine } from './services/transactions/authorize.ts';
import { TransactionLifecycle } from './services/transactions/lifecycle.ts';
import { CardTransactions } from './services/transactions/card-transactions.ts';
import { PlatformKeyring, type KeyMaterial } from './services/keys/platform-keyring.ts';
import type { DataKeyring } from './services/keys/data-keyring.ts';
import { WebhookEndpoints } from './services/webhooks/endpoints.ts';
import { Sessions } from './services/people/sessions.ts';
import { Users } from './services/people/users.ts';

// Authorizations waiting for a batch, per process; beyond this the API answers 503 rather than queue without bound.
const AUTHORIZATION_QUEUE_LIMIT = 10_000;

export interface Keys {
  /** Versioned AES-256-GCM keys for PAN and CVV (envelope encryption under the master data key). */
  dataKeys: DataKeyring;
  /** HMAC key for PAN uniqueness (derived from the master data key). */
  panMac: Buffer;
}

/** The services of one process, wired together. Routes reach them as app.ctx. */
export interface AppContext {
  config: Config;
  store: Store;
  keys: Keys;
  /** Rotatable keys: JWT signing keys, data keys and their re-encryption, the admin key. */
  keyring: PlatformKeyring;
  channel: IssuerChannel;
  catalog: Catalog;
  accounts: AccountDirectory;
  cards: CardDirectory;
  customers: Customers;
  deposits: Deposits;
  executor: OrderExecutor;
  standardOrders: StandardOrders;
  shareBalanceOrders: ShareBalanceOrders;
  pipeline: OrderPipeline;
  transactions: CardTransactions;
  webhookEndpoints: WebhookEndpoints;
  /** Console sign-in sessions (cookies) of users. */
  sessions: Sessions;
  /** Console users: sign-in, passwords, two-factor, one-time password links, the first owner. */
  users: Users;
}

/**
 * Top-ups and withdrawals accepted and completed in batches (money-batches.ts): at most this many
 * orders per transaction, one batch in flight, this many waiting (beyond it new orders get a 503).
 */
const ORDER_BATCH_LIMITS = { maxBatch: 128, maxConcurrentBatches: 1, maxQueued: 10_000 };

export function createContext(config: Config, store: Store, keys: KeyMaterial, log: FastifyBaseLogger, channel?: IssuerChannel): AppContext {
  const keyring = new PlatformKeyring(store, config, keys, log);
  const resolvedKeys: Keys = { dataKeys: keyring.data, panMac: deriveKey(keys.dataKey, 'pan-mac') };
  const issuer = channel ?? new SimulatedChannel({ latencyMs: config.channelLatencyMs, failureRate: config.channelFailureRate });
  const catalog = new Catalog(store);
  const accounts = new AccountDirectory(store);
  const cards = new CardDirectory(store, keyring.data);
  const moneyBatches = new MoneyOrderBatches(store, ORDER_BATCH_LIMITS);
  const executor = new OrderExecutor(store, issuer, catalog, resolvedKeys, log, {
    executesInline: config.role !== 'api', leaseMs: config.jobLeaseMs, maxAttempts: config.jobMaxAttempts,
  }, moneyBatches);
  const pipeline = new OrderPipeline(store, cards, executor, config.orderWaitMs, moneyBatches);
  return {
    config, store, keys: resolvedKeys, keyring, channel: issuer, catalog, accounts, cards,
    customers: new Customers(store, accounts),
    deposits: new Deposits(store, accounts),
    executor, pipeline,
    standardOrders: new StandardOrders(catalog, accounts, cards, pipeline),
    shareBalanceOrders: new ShareBalanceOrders(catalog, accounts, cards, pipeline),
    transactions: new CardTransactions(store, cards, accounts,
      new AuthorizationEngine(store, config.authExpiryDays, {
        maxBatch: config.authBatchMax, maxConcurrentBatches: config.authBatchConcurrency, maxQueued: AUTHORIZATION_QUEUE_LIMIT,
      }),
      new TransactionLifecycle(store, config.overCapturePercent)),
    webhookEndpoints: new WebhookEndpoints(store, config, keyring.data),
    sessions: new Sessions(store, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }),
    users: new Users(store, keyring.data),
  };
}
