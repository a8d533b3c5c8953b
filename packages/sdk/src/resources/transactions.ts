// Card transactions (GET /v1/transactions) and, in the sandbox, the simulated
// card network that creates them (POST /v1/simulate/…): authorize a purchase,
// then clear, reverse, refund or expire it.
import type {
  SimulateAuthorizeRequest, SimulateClearRequest, SimulateExpireRequest, SimulateRefundRequest, SimulateReverseRequest,
  Transaction, TransactionsQuery,
} from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { required, toApiQuery, withReference, type FriendlyQuery } from '../request-params.ts';
import { byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';

/** { cardId, transactionDateFrom, transactionDateTo, transactionType, status, authorizationId, pageNumber, pageSize } */
export type TransactionListQuery = FriendlyQuery<TransactionsQuery>;

export class Transactions {
  constructor(private readonly api: ApiClient) {}

  /** Transactions newest first; await for the first page, or `for await` over all. */
  list(query: TransactionListQuery = {}, options?: RequestOptions): PageList<Transaction> {
    checkPageSize('pageSize', query.pageSize);
    return this.api.list<Transaction>('/v1/transactions', toApiQuery(query), byPageNumber, options);
  }
}

/**
 * The sandbox's card network; production servers answer 404 (NotFoundError).
 * Each POST carries a `reference` (the caller's, or `sdk_<uuid>`) fixed once
 * per call: the server returns the same transaction for a repeated reference,
 * so the SDK retries these POSTs like order POSTs.
 */
export class Simulate {
  constructor(private readonly api: ApiClient) {}

  /** The network asks to authorize a purchase: approved (a hold, status Pending) or Declined with declineReason. */
  authorize(body: SimulateAuthorizeRequest, options?: RequestOptions): ApiPromise<Transaction> {
    required('cardId', body?.cardId);
    return this.api.post<Transaction>('/v1/simulate/authorize', withReference(body), options);
  }

  /** The final presentment of an authorization (default: what is held). */
  clear(body: SimulateClearRequest, options?: RequestOptions): ApiPromise<Transaction> {
    required('transactionId', body?.transactionId);
    return this.api.post<Transaction>('/v1/simulate/clear', withReference(body), options);
  }

  /** Releases all (default) or part of an authorization's open hold. */
  reverse(body: SimulateReverseRequest, options?: RequestOptions): ApiPromise<Transaction> {
    required('transactionId', body?.transactionId);
    return this.api.post<Transaction>('/v1/simulate/reverse', withReference(body), options);
  }

  /** Credits back all (default) or part of what was cleared. */
  refund(body: SimulateRefundRequest, options?: RequestOptions): ApiPromise<Transaction> {
    required('transactionId', body?.transactionId);
    return this.api.post<Transaction>('/v1/simulate/refund', withReference(body), options);
  }

  /** The authorization ages out now and its hold is released; repeating it changes nothing. */
  expire(body: SimulateExpireRequest, options?: RequestOptions): ApiPromise<Transaction> {
    required('transactionId', body?.transactionId);
    return this.api.post<Transaction>('/v1/simulate/expire', body, options);
  }
}
