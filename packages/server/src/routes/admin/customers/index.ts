import type { RouteModule } from '../../route-kit.ts';
import customersCreate from './customers-create.ts';
import customersList from './customers-list.ts';
import customersGet from './customers-get.ts';
import customersUpdate from './customers-update.ts';
import customersStatus from './customers-status.ts';
import productsGet from './products-get.ts';
import productsPut from './products-put.ts';
import clientsCreate from './clients-create.ts';
import clientsList from './clients-list.ts';
import clientsRevoke from './clients-revoke.ts';
import depositsCreate from './deposits-create.ts';
import adjustmentsCreate from './adjustments-create.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const CUSTOMER_ROUTES: RouteModule[] = [
  customersCreate, customersList, customersGet, customersUpdate, customersStatus, productsGet, productsPut,
  clientsCreate, clientsList, clientsRevoke, depositsCreate, adjustmentsCreate,
];
