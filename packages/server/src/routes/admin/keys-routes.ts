// The key-rotation endpoints under /admin/v1/keys, one file each; admin/index.ts registers them with the rest.
import type { RouteModule } from '../route-kit.ts';
import keysJwtRotate from './keys-jwt-rotate.ts';
import keysJwtList from './keys-jwt-list.ts';
import keysDataRotate from './keys-data-rotate.ts';
import keysDataStatus from './keys-data-status.ts';
import keysAdminRotate from './keys-admin-rotate.ts';

export const KEY_ROUTES: RouteModule[] = [keysJwtRotate, keysJwtList, keysDataRotate, keysDataStatus, keysAdminRotate];
