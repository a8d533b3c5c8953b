import type { RouteModule } from '../../../route-kit.ts';
import eventsList from './events-list.ts';
import eventsGet from './events-get.ts';
import eventsDeliveries from './events-deliveries.ts';
import eventsResend from './events-resend.ts';
import endpointsRecover from './endpoints-recover.ts';

/** /v1/events…: the customer's events and their deliveries (and recovering an endpoint's failed deliveries). */
export const EVENT_ROUTES: RouteModule[] = [eventsList, eventsGet, eventsDeliveries, eventsResend, endpointsRecover];
