// Standard-mode orders (/v1/orders/standard/…): cards with their own balance.
// Every POST gets a customerOrderNo (yours, or `sdk_<uuid>`), which makes it
// safe to retry: the server answers a repeated number with the original order.
import type {
  ApplyCardOrder, ApplyStandardCardRequest, BlockOrder, CancelOrder, CardOrderRequest, StandardOrder, StandardOrdersQuery,
  TopUpOrder, TopUpRequest, UnblockOrder, WithdrawOrder, WithdrawRequest,
} from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { orderRefQuery, toApiQuery, withOrderNo, type FriendlyQuery, type OrderRef } from '../request-params.ts';
import { byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';

/** Filters of orders.standard.list: { orderType, pageNumber, pageSize }. One order by number is retrieve(). */
export type StandardOrderListQuery = Omit<FriendlyQuery<StandardOrdersQuery>, 'orderNo' | 'customerOrderNo'>;

const BASE = '/v1/orders/standard';

export class StandardOrders {
  constructor(private readonly api: ApiClient) {}

  /** Opens a Standard card with a first top-up; `data.cardInfos[0].cardId` is the new card. */
  apply(body: ApplyStandardCardRequest, options?: RequestOptions): ApiPromise<ApplyCardOrder> {
    return this.api.post<ApplyCardOrder>(`${BASE}/apply`, withOrderNo(body), options);
  }

  /** Funding account → card. */
  topUp(body: TopUpRequest, options?: RequestOptions): ApiPromise<TopUpOrder> {
    return this.api.post<TopUpOrder>(`${BASE}/topup`, withOrderNo(body), options);
  }

  /** Card → funding account; without withdrawAmount, everything the balance allows after the fee. */
  withdraw(body: WithdrawRequest, options?: RequestOptions): ApiPromise<WithdrawOrder> {
    return this.api.post<WithdrawOrder>(`${BASE}/withdraw`, withOrderNo(body), options);
  }

  block(body: CardOrderRequest, options?: RequestOptions): ApiPromise<BlockOrder> {
    return this.api.post<BlockOrder>(`${BASE}/block`, withOrderNo(body), options);
  }

  unblock(body: CardOrderRequest, options?: RequestOptions): ApiPromise<UnblockOrder> {
    return this.api.post<UnblockOrder>(`${BASE}/unblock`, withOrderNo(body), options);
  }

  /** Cancels the card for good; its balance minus the cancel fee returns to the funding account. */
  cancel(body: CardOrderRequest, options?: RequestOptions): ApiPromise<CancelOrder> {
    return this.api.post<CancelOrder>(`${BASE}/cancel`, withOrderNo(body), options);
  }

  /** One order by orderNo (`'ORD…'` or `{ orderNo }`) or by `{ customerOrderNo }`; NotFoundError if it is not a Standard order. */
  retrieve(ref: OrderRef, options?: RequestOptions): ApiPromise<StandardOrder> {
    return this.api.get<StandardOrder>(BASE, orderRefQuery(ref), options);
  }

  /** Orders newest first, optionally of one orderType; await for the first page, or `for await` over all. */
  list(query: StandardOrderListQuery = {}, options?: RequestOptions): PageList<StandardOrder> {
    checkPageSize('pageSize', query.pageSize);
    return this.api.list<StandardOrder>(BASE, toApiQuery(query), byPageNumber, options);
  }
}
