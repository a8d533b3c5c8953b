import type { RouteModule } from '../../route-kit.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const USER_ROUTES: RouteModule[] = [];
