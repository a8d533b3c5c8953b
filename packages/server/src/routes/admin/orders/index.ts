import type { RouteModule } from '../../route-kit.ts';
import ordersList from './orders-list.ts';
import ordersGet from './orders-get.ts';
import transactionsList from './transactions-list.ts';
import transactionsGet from './transactions-get.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const ORDER_ROUTES: RouteModule[] = [ordersList, ordersGet, transactionsList, transactionsGet];
