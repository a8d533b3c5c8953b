// Events (/v1/events…): what happened to the customer's cards, orders and
// funding, newest first, as pushed to its webhook endpoints — and each event's
// deliveries, attempt by attempt, with a way to send one again.
import type { CardepassEvent, Delivery, EventsQuery, ResendRequest } from '../wire-types.ts';
import type { ApiClient } from '../core.ts';
import type { RequestOptions } from '../http.ts';
import { pathId, toApiQuery, type FriendlyQuery } from '../request-params.ts';
import { byPageNumber, checkPageSize, type ApiPromise, type PageList } from '../results.ts';
import { once, type QueuedDeliveries } from './webhook-endpoints.ts';

/** { eventType, cardId, dateFrom, dateTo, pageNumber, pageSize } */
export type EventListQuery = FriendlyQuery<EventsQuery>;

export class Events {
  constructor(private readonly api: ApiClient) {}

  /** Events newest first (kept 30 days); await for the first page, or `for await` over all. Discriminate on `type`. */
  list(query: EventListQuery = {}, options?: RequestOptions): PageList<CardepassEvent> {
    checkPageSize('pageSize', query.pageSize);
    return this.api.list<CardepassEvent>('/v1/events', toApiQuery(query), byPageNumber, options);
  }

  /** One event, exactly as it is delivered. */
  retrieve(eventId: string, options?: RequestOptions): ApiPromise<CardepassEvent> {
    return this.api.get<CardepassEvent>(`/v1/events/${pathId('eventId', eventId)}`, undefined, options);
  }

  /** The event's delivery to each endpoint, with every attempt: time, HTTP status or error, duration, next attempt. */
  deliveries(eventId: string, options?: RequestOptions): ApiPromise<Delivery[]> {
    return this.api.get<Delivery[]>(`/v1/events/${pathId('eventId', eventId)}/deliveries`, undefined, options);
  }

  /**
   * Delivers the event again: to one endpoint, or to every enabled endpoint subscribed to its type.
   * Not retried by default (a repeat would queue it twice; receivers deduplicate on eventId anyway).
   */
  resend(eventId: string, body: ResendRequest = {}, options?: RequestOptions): ApiPromise<QueuedDeliveries> {
    return this.api.post<QueuedDeliveries>(`/v1/events/${pathId('eventId', eventId)}/resend`, body, once(options));
  }
}
