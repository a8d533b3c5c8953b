import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, IdInput } from '../envelope.ts';
import { CardepassEvent, Delivery, EventsQuery } from './events.ts';
import { WebhookEndpoint } from './webhooks.ts';

/**
 * Support's view of webhooks under /admin/v1, to answer "did you send it?":
 * any customer's endpoints (disabled ones too, never their secrets) and events
 * with every delivery and attempt.
 */
// Required of operators (checked by the route); a customer user may leave it out: it always gets its own.
export const AdminCustomerQuery = Type.Object({ customerId: Type.Optional(IdInput('Customer id (required of operators; a customer user: its own)')) });
export const AdminWebhookEndpointsResponse = Envelope(Type.Array(WebhookEndpoint));

/** GET /admin/v1/events: the filters of GET /v1/events, for the customer named. */
export const AdminEventsQuery = Type.Composite([AdminCustomerQuery, EventsQuery]);
export type AdminEventsQuery = Static<typeof AdminEventsQuery>;

/** An event as its deliveries carry it, with where it went. */
export const AdminEvent = Type.Object({
  event: CardepassEvent,
  deliveries: Type.Array(Delivery, { description: 'Every delivery of the event (one per endpoint and resend), each with its attempts' }),
});
export type AdminEvent = Static<typeof AdminEvent>;
export const AdminEventsResponse = Envelope(Page(AdminEvent));
