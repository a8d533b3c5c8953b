import type { RouteModule } from '../../route-kit.ts';
import exportsGet from './exports-get.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const EXPORT_ROUTES: RouteModule[] = [exportsGet];
