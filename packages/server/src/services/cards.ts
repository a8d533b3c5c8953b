import { sql } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type Card, type CardEventData, type CardModel, type Currency } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { decryptField } from '../lib/crypto.ts';
import type { DataKeyring } from './keys/data-keyring.ts';
import { AccountAffineQueue } from './transactions/batch-queue.ts';

/** What never changes about a card once issued: safe to cache. */
export interface CardRef {
  cardId: string;
  customerId: string;
  productCode: string;
  cardModel: CardModel;
  currency: Currency;
  accountId: bigint | null;
  maskCardNumber: string;
}

export interface CardState {
  status: string;
  pendingOp: string | null;
  inflightOrders: number;
  expiresAt: Date;
  /** ShareBalance: credit used so far (0 for Standard cards). */
  usedCreditMinor: bigint;
}

interface CardViewRow {
  id: string; customer_id: string; card_model: CardModel; product_code: string; pan_encrypted: string; cvv_encrypted: string; data_key_version: number; expiry_mmyy: string;
  currency: Currency; alias: string | null; status: Card['status']; max_auth_minor: bigint | null; used_credit_minor: bigint;
  max_credit_minor: bigint | null; card_organization: Card['cardOrganization']; created_at: Date;
  balance_minor: bigint | null; held_minor: bigint | null; funding_available_minor: bigint | null;
  binding_max_credit_minor: bigint | null;
}

const CARD_CACHE_LIMIT = 100_000;
// Card reads: one statement for every read that arrived while the last was out (up to maxBatch).
// Under load reads share one round trip and one statement; idle, a read is sent at once, alone. A
// second statement may go while one is out, but only with at least 8 reads: with free slots, most
// reads went alone and were half as fast; with one slot only, the server sat idle during each round
// trip (bench/README.md). Past the queue bound a read is refused (503), not queued without end.
const VIEW_LIMITS = { maxBatch: 128, maxConcurrentBatches: 2, maxQueued: 10_000, minBatchWhileBusy: 8 };

interface ViewRequest { customerId: string; cardId: string }
export const maskPan = (first6: string, last4: string) => `${first6}***${last4}`;

/** Cards of customers. Another customer's card is answered exactly like a card that does not exist. */
export class CardDirectory {
  private readonly refs = new Map<string, CardRef>();
  private readonly views = new AccountAffineQueue<ViewRequest, CardViewRow | undefined>(VIEW_LIMITS, () => null, (batch) => this.viewRows(batch));

  constructor(private readonly store: Store, private readonly dataKeys: DataKeyring) {}

  async ref(customerId: string, cardId: string): Promise<CardRef> {
    let ref = this.refs.get(cardId);
    if (!ref) {
      const row = await this.store.db.selectFrom('cards')
        .select(['id', 'customer_id', 'product_code', 'card_model', 'currency', 'account_id', 'pan_first6', 'pan_last4'])
        .where('id', '=', cardId).executeTakeFirst();
      if (!row) throw new ApiError('CARD_NOT_FOUND', { cardId });
      ref = {
        cardId: row.id, customerId: row.customer_id, productCode: row.product_code, cardModel: row.card_model,
        currency: row.currency as Currency, accountId: row.account_id === null ? null : BigInt(row.account_id),
        maskCardNumber: maskPan(row.pan_first6, row.pan_last4),
      };
      if (this.refs.size >= CARD_CACHE_LIMIT) this.refs.clear();
      this.refs.set(cardId, ref);
    }
    if (ref.customerId !== customerId) throw new ApiError('CARD_NOT_FOUND', { cardId });
    return ref;
  }

  async state(cardId: string): Promise<CardState> {
    const row = await this.store.db.selectFrom('cards').select(['status', 'pending_op', 'inflight_orders', 'expires_at', 'used_credit_minor'])
      .where('id', '=', cardId).executeTakeFirstOrThrow();
    return {
      status: row.status, pendingOp: row.pending_op, inflightOrders: row.inflight_orders, expiresAt: new Date(row.expires_at),
      usedCreditMinor: BigInt(row.used_credit_minor),
    };
  }

  /** Available balance of a Standard card's account (ledger − held). */
  async available(accountId: bigint): Promise<bigint> {
    const row = await this.store.db.selectFrom('ledger_accounts').select(['balance_minor', 'held_minor'])
      .where('id', '=', accountId).executeTakeFirstOrThrow();
    return BigInt(row.balance_minor) - BigInt(row.held_minor);
  }

  /** GET /v1/cards/{cardId}: the card's row (batched with other reads), PAN and CVV decrypted only for the response. */
  async view(customerId: string, cardId: string): Promise<Card> {
    const row = await this.views.submit({ customerId, cardId });
    if (!row) throw new ApiError('CARD_NOT_FOUND', { cardId });
    // The key of the version this row was encrypted with (cached after first use): reads work throughout a rotation.
    const key = this.dataKeys.cached(row.data_key_version) ?? await this.dataKeys.key(row.data_key_version);
    // Object.assign, not a spread: V8 copies an object spread with properties added after it on a slow
    // path, about 5 µs here, which the read profile showed as 4.5 % of the server's CPU.
    return Object.assign(renderCardWithoutNumbers(row), {
      cardNumber: decryptField(key, row.pan_encrypted, `pan:${row.id}`),
      cvv: decryptField(key, row.cvv_encrypted, `cvv:${row.id}`),
    });
  }

  /** One statement for a batch of reads; another customer's card is answered as missing. */
  private async viewRows(batch: ViewRequest[]): Promise<Array<CardViewRow | undefined>> {
    const ids = [...new Set(batch.map((read) => read.cardId))];
    const rows = await this.store.prepared<CardViewRow>(sql`
      SELECT c.id, c.customer_id, c.card_model, c.product_code, c.pan_encrypted, c.cvv_encrypted, c.data_key_version, c.expiry_mmyy, c.currency,
             c.alias, c.status, c.max_auth_minor, c.used_credit_minor, c.max_credit_minor, c.card_organization, c.created_at,
             a.balance_minor, a.held_minor,
             CASE WHEN c.card_model = 'ShareBalance' THEN
               (SELECT f.balance_minor - f.held_minor FROM ledger_accounts f
                WHERE f.customer_id = c.customer_id AND f.kind = 'funding' AND f.currency = c.currency AND f.card_id IS NULL)
             END AS funding_available_minor,
             -- While a CreditLimit order is in flight, authorizations already obey the stricter limit (LEAST skips NULL = unlimited).
             CASE WHEN c.pending_op = 'CreditLimit' THEN LEAST(c.max_credit_minor, c.pending_max_credit_minor) ELSE c.max_credit_minor END
               AS binding_max_credit_minor
      FROM cards c LEFT JOIN ledger_accounts a ON a.id = c.account_id
      WHERE c.id = ANY(${ids}::text[])`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return batch.map((read) => {
      const row = byId.get(read.cardId);
      return row?.customer_id === read.customerId ? row : undefined;
    });
  }
}

/** The columns a card is rendered from (GET /v1/cards/{cardId}, card events), without the encrypted PAN and CVV. */
export type CardFieldsRow = Omit<CardViewRow, 'customer_id' | 'pan_encrypted' | 'cvv_encrypted' | 'data_key_version'>;

/** A card as GET /v1/cards/{cardId} renders it, without cardNumber and cvv (what card events carry). */
export function renderCardWithoutNumbers(row: CardFieldsRow): CardEventData {
  const exponent = CURRENCIES[row.currency];
  const amount = (minor: bigint | null) => (minor === null ? null : minorToJsonNumber(BigInt(minor), exponent));
  const isShare = row.card_model === 'ShareBalance';
  return {
    cardId: row.id,
    cardModel: row.card_model,
    productCode: row.product_code,
    expirationMMYY: row.expiry_mmyy,
    cardCurrency: row.currency,
    alias: row.alias,
    balanceAmount: minorToJsonNumber(spendable(row), exponent),
    status: row.status,
    maxAuthAmount: isShare ? amount(row.max_auth_minor) : null,
    usedCreditAmount: isShare ? amount(row.used_credit_minor) : null,
    maxCreditAmount: isShare ? amount(row.max_credit_minor) : null,
    cardOrganization: row.card_organization,
    applyTime: new Date(row.created_at).toISOString(),
  };
}

/** Standard: the card's available balance. ShareBalance: min(funding available, credit left under the limit that binds now). */
function spendable(row: Pick<CardViewRow, 'card_model' | 'status' | 'balance_minor' | 'held_minor' | 'funding_available_minor' | 'binding_max_credit_minor' | 'used_credit_minor'>): bigint {
  if (row.card_model === 'Standard') return BigInt(row.balance_minor ?? 0n) - BigInt(row.held_minor ?? 0n);
  // A cancelled ShareBalance card never spends again; the funding account it drew on is not its balance.
  if (row.status === 'Cancel') return 0n;
  const funding = BigInt(row.funding_available_minor ?? 0n);
  if (row.binding_max_credit_minor === null) return funding;
  const creditLeft = BigInt(row.binding_max_credit_minor) - BigInt(row.used_credit_minor);
  const spendable = creditLeft < funding ? creditLeft : funding;
  return spendable > 0n ? spendable : 0n;
}
