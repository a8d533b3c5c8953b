// ShareBalance-mode orders (/v1/orders/sharebalance/…): cards that spend from
// the customer's funding account within per-card limits. As for Standard
// orders, every POST carries a customerOrderNo, so retries are safe.
import type { CardInfo, OrderStatus, OrderType } from '@cardepass/contract';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { orderRefQuery, toApiQuery, withOrderNo, type Amount, type OrderRef } from '../request-params.ts';
import { byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';

// PROVISIONAL: the documented shapes (docs/spec/api-reference.zh.md), until the
// contract's schemas for these endpoints exist; then these become its types.
export interface ApplyShareBalanceCardRequest {
  productCode: string;
  cardCurrency: string;
  maxAuthAmount: Amount;
  maxCreditAmount?: Amount | null;
  cardAlias?: string | null;
  customerOrderNo?: string;
}
export interface CreditLimitRequest {
  cardId: string;
  maxAuthAmount: Amount;
  maxCreditAmount?: Amount | null;
  customerOrderNo?: string;
}
export interface ShareBalanceCardOrderRequest { cardId: string; customerOrderNo?: string }
export interface ShareBalanceOrder {
  orderNo: string;
  status: OrderStatus;
  orderType: OrderType;
  failureReason?: string | null;
  cardId?: string;
  cardInfo?: CardInfo;
  cardInfos?: CardInfo[];
  maxAuthAmount?: number | null;
  maxCreditAmount?: number | null;
  createdOn: string;
  completedOn: string | null;
  customerOrderNo: string | null;
  [field: string]: unknown;
}
export interface ShareBalanceOrderListQuery { orderType?: OrderType; pageNumber?: number; pageSize?: number }

const BASE = '/v1/orders/sharebalance';

export class ShareBalanceOrders {
  constructor(private readonly api: ApiClient) {}

  /** Opens a ShareBalance card with its limits; `data.cardInfos[0].cardId` is the new card. */
  apply(body: ApplyShareBalanceCardRequest, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.post<ShareBalanceOrder>(`${BASE}/apply`, withOrderNo(body), options);
  }

  /** Changes the card's single-authorization limit and total credit (null/absent maxCreditAmount: unlimited). */
  creditLimit(body: CreditLimitRequest, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.post<ShareBalanceOrder>(`${BASE}/creditLimit`, withOrderNo(body), options);
  }

  block(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.post<ShareBalanceOrder>(`${BASE}/block`, withOrderNo(body), options);
  }

  unblock(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.post<ShareBalanceOrder>(`${BASE}/unblock`, withOrderNo(body), options);
  }

  cancel(body: ShareBalanceCardOrderRequest, options?: RequestOptions): ApiPromise<ShareBalanceOrder> {
    return this.api.post<ShareBalanceOrder>(`${BASE}/cancel`, withOrderNo(body), options);
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
