import type { RouteModule } from '../../route-kit.ts';
import sessionCreate from './session-create.ts';
import sessionGet from './session-get.ts';
import sessionDelete from './session-delete.ts';
import sessionSignOutEverywhere from './session-sign-out-everywhere.ts';
import mePassword from './me-password.ts';
import meTotpStart from './me-totp-start.ts';
import meTotpConfirm from './me-totp-confirm.ts';
import meTotpDisable from './me-totp-disable.ts';
import passwordLinksConsume from './password-links-consume.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const SESSION_ROUTES: RouteModule[] = [
  sessionCreate, sessionGet, sessionDelete, sessionSignOutEverywhere,
  mePassword, meTotpStart, meTotpConfirm, meTotpDisable, passwordLinksConsume,
];
