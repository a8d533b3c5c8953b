import type { RouteModule } from '../../route-kit.ts';
import endpointsCreate from './endpoints-create.ts';
import endpointsUpdate from './endpoints-update.ts';
import endpointsDelete from './endpoints-delete.ts';
import endpointsRotateSecret from './endpoints-rotate-secret.ts';
import endpointsTest from './endpoints-test.ts';
import endpointsRecover from './endpoints-recover.ts';
import eventsResend from './events-resend.ts';

/**
 * The console's webhook pages: changes to any customer's endpoints (a customer
 * user: its own) through /admin/v1, audited. The reads are admin-webhook-endpoints.ts
 * and admin-events.ts; the integrator API has the same changes under /v1 with a token.
 */
export const WEBHOOK_MANAGE_ROUTES: RouteModule[] = [
  endpointsCreate, endpointsUpdate, endpointsDelete, endpointsRotateSecret, endpointsTest, endpointsRecover, eventsResend,
];
