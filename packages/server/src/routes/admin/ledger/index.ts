import type { RouteModule } from '../../route-kit.ts';
import accountsList from './accounts-list.ts';
import accountGet from './account-get.ts';
import entriesList from './entries-list.ts';
import entryGet from './entry-get.ts';
import statsDaily from './stats-daily.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const LEDGER_ROUTES: RouteModule[] = [accountsList, accountGet, entriesList, entryGet, statsDaily];
