// What the customer has: the products it can issue (GET /v1/products), one
// card in full (GET /v1/cards/{cardId}), its funding accounts, and the money
// movements on them and on its cards. The two log endpoints page differently,
// as the documents define them: cardAccountLogs by PageNumber/PageSize,
// accountLogs by Limit/Offset.
import type { AccountLog, AccountLogsQuery, Card, CardAccountLogsQuery, FundingAccount, Product } from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { pathId, toApiQuery, type FriendlyQuery } from '../request-params.ts';
import { byOffset, byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';

export class Products {
  constructor(private readonly api: ApiClient) {}

  /** Products the customer can apply for, with their card models and currencies. */
  list(options?: RequestOptions): ApiPromise<Product[]> {
    return this.api.get<Product[]>('/v1/products', undefined, options);
  }
}

export class Cards {
  constructor(private readonly api: ApiClient) {}

  /** One card: PAN, CVV, expiry, balance, status and (ShareBalance) limits. Treat the result as secret. */
  retrieve(cardId: string, options?: RequestOptions): ApiPromise<Card> {
    return this.api.get<Card>(`/v1/cards/${pathId('cardId', cardId)}`, undefined, options);
  }
}

/** { cardId, transactionDateFrom, transactionDateTo, pageNumber, pageSize } */
export type CardLogsQuery = FriendlyQuery<CardAccountLogsQuery>;
/** { transactionDateFrom, transactionDateTo, currency, limit, offset } */
export type FundingLogsQuery = FriendlyQuery<AccountLogsQuery>;

export class Accounts {
  constructor(private readonly api: ApiClient) {}

  /** Funding accounts per currency: `amount` is what is available, `ledgerAmount` and `heldAmount` explain it. */
  list(options?: RequestOptions): ApiPromise<FundingAccount[]> {
    return this.api.get<FundingAccount[]>('/v1/accounts', undefined, options);
  }

  /** Fund movements on Standard cards (top-ups, withdrawals, fees), newest first; iterating walks PageNumber. */
  cardLogs(query: CardLogsQuery = {}, options?: RequestOptions): PageList<AccountLog> {
    checkPageSize('pageSize', query.pageSize);
    return this.api.list<AccountLog>('/v1/accounts/cardAccountLogs', toApiQuery(query), byPageNumber, options);
  }

  /** Movements on the funding accounts, newest first; iterating advances Offset by what each page held. */
  logs(query: FundingLogsQuery = {}, options?: RequestOptions): PageList<AccountLog> {
    checkPageSize('limit', query.limit);
    return this.api.list<AccountLog>('/v1/accounts/accountLogs', toApiQuery(query), byOffset, options);
  }
}
