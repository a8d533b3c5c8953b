import type { RouteModule } from '../../../route-kit.ts';
import endpointsCreate from './endpoints-create.ts';
import endpointsList from './endpoints-list.ts';
import endpointsGet from './endpoints-get.ts';
import endpointsUpdate from './endpoints-update.ts';
import endpointsDelete from './endpoints-delete.ts';
import endpointsRotateSecret from './endpoints-rotate-secret.ts';
import endpointsTest from './endpoints-test.ts';

/** /v1/webhooks/endpoints…: the customer's webhook endpoints. */
export const WEBHOOK_ROUTES: RouteModule[] = [
  endpointsCreate, endpointsList, endpointsGet, endpointsUpdate, endpointsDelete, endpointsRotateSecret, endpointsTest,
];
