// ShareBalance-mode orders (/v1/orders/sharebalance/…): cards that spend from
// the customer's funding account within per-card limits. As for Standard
// orders, every POST carries a customerOrderNo, so retries are safe.
import type {
  ApplyShareBalanceCardRequest, CreditLimitOrder, CreditLimitRequest, ShareBalanceApplyCardOrder, ShareBalanceBlockOrder,
  ShareBalanceCancelOrder, ShareBalanceCardOrderRequest, ShareBalanceOrder, ShareBalanceOrdersQuery, ShareBalanceUnblockOrder,
} from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { orderRefQuery, toApiQuery, withOrderNo, type FriendlyQuery, type OrderRef } from '../request-params.ts';
import { byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';

/** Filters of orders.shareBalance.list: { orderType, pageNumber, pageSize }. One order by number is retrieve(). */
export type ShareBalanceOrderListQuery = Omit<FriendlyQuery<ShareBalanceOrdersQuery>, 'orderNo' | 'customerOrderNo'>;

const BASE = '/v1/orders/sharebalance';

export class ShareBalanceOrders {
  constructor(private readonly api: ApiClient) {}

  /** Opens a ShareBalance card with its limits; `data.cardInfos[0].cardId` is the new card. */
  apply(body: ApplyShareBalanceCardRequest, options?: RequestOptions): ApiPromise<ShareBalanceApplyCardOrder> {
    return this.api.post<ShareBalanceApplyCardOrder>(`${BASE}/apply`, withOrderNo(body), options);
  }

  /** Changes the card's single-authorization limit and total credit (maxCreditAmount absent, null or "": unlimited). */
  creditLimit(body: CreditLimitRequest, options?: RequestOptions): ApiPromise<CreditLimitOrder> {
    return this.api.post<CreditLimitOrder>(`${BASE}/creditLimit`, withOrderNo(body), options);
  }

  block(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceBlockOrder> {
    return this.api.post<ShareBalanceBlockOrder>(`${BASE}/block`, withOrderNo(body), options);
  }

  unblock(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceUnblockOrder> {
    return this.api.post<ShareBalanceUnblockOrder>(`${BASE}/unblock`, withOrderNo(body), options);
  }

  /** Cancels the card for good; the cancel fee is paid from the funding account. */
  cancel(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceCancelOrder> {
    return this.api.post<ShareBalanceCancelOrder>(`${BASE}/cancel`, withOrderNo(body), options);
  }

  /** One order by orderNo or `{ customerOrderNo }`; NotFoundError if it is not a ShareBalance order. */
  retrieve(ref: OrderRef, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.get<ShareBalanceOrder>(BASE, orderRefQuery(ref), options);
  }

  /** Orders newest first, optionally of one orderType; await for the first page, or `for await` over all. */
  list(query: ShareBalanceOrderListQuery = {}, options?: RequestOptions): PageList<ShareBalanceOrder> {
    checkPageSize('pageSize', query.pageSize);
    return this.api.list<ShareBalanceOrder>(BASE, toApiQuery(query), byPageNumber, options);
  }
}
