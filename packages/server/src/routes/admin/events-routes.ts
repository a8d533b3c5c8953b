import type { RouteModule } from '../route-kit.ts';
import adminWebhookEndpoints from './admin-webhook-endpoints.ts';
import adminEvents from './admin-events.ts';

/** Support's view of webhooks: endpoints and events of any customer, with deliveries. */
export const EVENT_ADMIN_ROUTES: RouteModule[] = [adminWebhookEndpoints, adminEvents];
