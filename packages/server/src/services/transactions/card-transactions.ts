import { isCurrency, type SimulateAuthorizeRequest, type TransactionsQuery } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { DateRange } from '../../lib/date-range.ts';
import type { CardDirectory } from '../cards.ts';
import type { AccountDirectory } from '../ledger/accounts.ts';
import { requireAmount, requestHash } from '../orders/inputs.ts';
import type { AuthorizationEngine } from './authorize.ts';
import type { EventInput, LifecycleResult, TransactionLifecycle } from './lifecycle.ts';
import { dueForExpiry, listTransactions } from './queries.ts';

const EXPIRY_SWEEP_BATCH = 100;

/**
 * The card network's side of card spending, for one customer's cards. The
 * sandbox's simulate endpoints call it; in production an issuer channel's
 * event feed calls the same methods.
 */
export class CardTransactions {
  constructor(
    private readonly store: Store,
    private readonly cards: CardDirectory,
    private readonly accounts: AccountDirectory,
    readonly engine: AuthorizationEngine,
    private readonly lifecycle: TransactionLifecycle,
  ) {}

  async authorize(customerId: string, body: SimulateAuthorizeRequest): Promise<LifecycleResult> {
    // A card the customer does not own is answered like one that does not exist, as everywhere.
    const card = await this.cards.ref(customerId, body.cardId);
    const currency = body.currency ?? card.currency;
    if (!isCurrency(currency)) {
      throw new ApiError('VALIDATION_FAILED', { field: 'currency', reason: { en: `'${currency}' is not a currency the platform settles in`, zh: `'${currency}' 不是平台支持的结算币种` } });
    }
    const amountMinor = requireAmount('amount', body.amount, currency);
    const holdAccountId = card.cardModel === 'Standard' ? card.accountId! : await this.accounts.id(customerId, 'funding', card.currency);
    const merchantName = body.merchantName ?? null;
    const mcc = body.mcc ?? null;
    const merchantCountry = body.merchantCountry ?? null;
    return this.engine.authorize({
      customerId, cardId: card.cardId, cardModel: card.cardModel, cardCurrency: card.currency, holdAccountId,
      amountMinor, currency, merchantName, mcc, merchantCountry, reference: body.reference ?? null,
      requestHash: requestHash(['Authorization', card.cardId, amountMinor, currency, merchantName, mcc, merchantCountry]),
    });
  }

  clear(customerId: string, input: EventInput) { return this.lifecycle.clear(customerId, input); }
  reverse(customerId: string, input: EventInput) { return this.lifecycle.reverse(customerId, input); }
  refund(customerId: string, input: EventInput) { return this.lifecycle.refund(customerId, input); }
  expire(customerId: string, transactionId: string) { return this.lifecycle.expire(customerId, transactionId); }

  async list(customerId: string, query: TransactionsQuery, range: DateRange, window: { limit: number; offset: number }) {
    if (query.CardId) await this.cards.ref(customerId, query.CardId);
    return listTransactions(this.store, {
      customerId, cardId: query.CardId, type: query.TransactionType, status: query.Status, authorizationId: query.AuthorizationId,
      range, limit: window.limit, offset: window.offset,
    });
  }

  /** The worker's sweep: authorizations past their expiry release their holds. Returns how many expired. */
  async expireDue(): Promise<number> {
    let expired = 0;
    for (const id of await dueForExpiry(this.store, EXPIRY_SWEEP_BATCH)) {
      try {
        const { replayed } = await this.lifecycle.expire(null, id);
        if (!replayed) expired++;
      } catch (error) {
        // Cleared or reversed since it was read: nothing to expire.
        if (!(error instanceof ApiError && error.code === 'AUTHORIZATION_NOT_PENDING')) throw error;
      }
    }
    return expired;
  }
}
