import type { RouteModule } from '../../route-kit.ts';
import productsUpdate from './products-update.ts';
import productsRetire from './products-retire.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const PRODUCT_ROUTES: RouteModule[] = [productsUpdate, productsRetire];
