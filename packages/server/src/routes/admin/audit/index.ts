import type { RouteModule } from '../../route-kit.ts';
import auditList from './audit-list.ts';
import auditVerify from './audit-verify.ts';
import auditGet from './audit-get.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const AUDIT_ROUTES: RouteModule[] = [auditList, auditVerify, auditGet];
