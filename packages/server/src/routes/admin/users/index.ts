import type { RouteModule } from '../../route-kit.ts';
import { WEBHOOK_MANAGE_ROUTES } from '../webhooks/index.ts';
import usersList from './users-list.ts';
import usersGet from './users-get.ts';
import usersCreate from './users-create.ts';
import usersUpdate from './users-update.ts';
import usersPasswordLink from './users-password-link.ts';
import usersSignOut from './users-sign-out.ts';
import usersTotpReset from './users-totp-reset.ts';
import securitySettingsGet from './security-settings-get.ts';
import securitySettingsUpdate from './security-settings-update.ts';

/**
 * The /admin/v1 routes of this area, one file per endpoint beside this one: users, the
 * organisation's two-factor rule, and (in ../webhooks/) the console's webhook management.
 */
export const USER_ROUTES: RouteModule[] = [
  usersList, usersGet, usersCreate, usersUpdate, usersPasswordLink, usersSignOut, usersTotpReset,
  securitySettingsGet, securitySettingsUpdate, ...WEBHOOK_MANAGE_ROUTES,
];
