/**
 * Who may do what in the operator API and the console: the one table of
 * permissions. The server checks it on every /admin/v1 route (each route names
 * one permission), the console hides what the signed-in user may not do, and
 * the README renders it (checked by a test). Customer roles act only on their
 * own customer's data; the server narrows every query to it.
 */
export const OPERATOR_ROLES = ['owner', 'admin', 'support', 'viewer'] as const;
export const CUSTOMER_ROLES = ['customer_admin', 'customer_developer', 'customer_viewer'] as const;
export const ROLES = [...OPERATOR_ROLES, ...CUSTOMER_ROLES] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const isCustomerRole = (role: Role): role is CustomerRole => (CUSTOMER_ROLES as readonly string[]).includes(role);

const OPERATORS: readonly Role[] = OPERATOR_ROLES;
const EVERYONE: readonly Role[] = ROLES;
const OPERATOR_ADMINS: readonly Role[] = ['owner', 'admin'];

interface PermissionDefinition { en: string; zh: string; roles: readonly Role[] }

export const PERMISSIONS = {
  'customers.read': { en: 'See customers (a customer user: its own)', zh: '查看客户（客户用户仅限本客户）', roles: EVERYONE },
  'customers.write': { en: 'Create, update, disable customers; set product entitlements', zh: '创建、修改、停用客户；设置产品授权', roles: OPERATOR_ADMINS },
  'users.read': { en: 'See users (a customer user: its team)', zh: '查看用户（客户用户仅限本团队）', roles: ['owner', 'admin', 'support', 'viewer', 'customer_admin', 'customer_developer', 'customer_viewer'] },
  'users.write': { en: 'Invite users, change roles, disable, reset passwords, require two-factor', zh: '邀请用户、修改角色、停用、重置密码、要求双因素认证', roles: ['owner', 'customer_admin'] },
  'credentials.read': { en: 'See API credentials (never their secrets)', zh: '查看 API 凭证（不含密钥）', roles: EVERYONE },
  'credentials.write': { en: 'Create and revoke API credentials', zh: '创建和吊销 API 凭证', roles: ['owner', 'admin', 'customer_admin', 'customer_developer'] },
  'money.deposit': { en: 'Deposit into and adjust funding accounts', zh: '资金账户入金与调账', roles: OPERATOR_ADMINS },
  'products.read': { en: 'See products and fees (a customer user: its entitled ones)', zh: '查看产品与费率（客户用户仅限已授权产品）', roles: EVERYONE },
  'products.write': { en: 'Create products, change fees and BIN ranges, retire products', zh: '创建产品、修改费率与 BIN 段、下架产品', roles: OPERATOR_ADMINS },
  'cards.read': { en: 'See cards (masked numbers), orders, transactions', zh: '查看卡片（掩码卡号）、订单、交易', roles: EVERYONE },
  'cards.reveal': { en: 'Reveal a full card number and CVV (audited)', zh: '查看完整卡号与 CVV（记录审计）', roles: ['owner', 'admin', 'customer_admin'] },
  'cards.manage': { en: 'Block, unblock, change card limits', zh: '冻结、解冻卡片，修改卡片限额', roles: ['owner', 'admin', 'support', 'customer_admin'] },
  'cards.fund': { en: 'Apply for, top up, withdraw from, cancel cards (moves money)', zh: '开卡、充值、提现、销卡（涉及资金）', roles: ['owner', 'admin', 'customer_admin'] },
  'ledger.read': { en: 'See ledger accounts, balances, journal entries, statistics', zh: '查看账本账户、余额、分录与统计', roles: EVERYONE },
  'ledger.verify': { en: 'Verify the whole ledger', zh: '校验整个账本', roles: OPERATORS },
  'webhooks.read': { en: 'See webhook endpoints, events and deliveries', zh: '查看 Webhook 端点、事件与投递', roles: EVERYONE },
  'webhooks.write': { en: 'Manage webhook endpoints; resend and recover deliveries', zh: '管理 Webhook 端点；重发与恢复投递', roles: ['owner', 'admin', 'customer_admin', 'customer_developer'] },
  'audit.read': { en: 'See the audit log (a customer admin: its customer\'s rows)', zh: '查看审计日志（客户管理员仅限本客户）', roles: ['owner', 'admin', 'support', 'viewer', 'customer_admin'] },
  'audit.verify': { en: 'Verify the audit log\'s hash chain', zh: '校验审计日志哈希链', roles: OPERATORS },
  'platform.keys': { en: 'Rotate the admin key, JWT signing keys and data keys', zh: '轮换管理密钥、JWT 签名密钥与数据密钥', roles: OPERATOR_ADMINS },
} as const satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a role holds a permission. */
export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** Every permission a role holds, in table order (the console's /session answer carries it). */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((permission) => roleCan(role, permission));
}

/** Which roles a user holding `role` may give to others: an owner any role; a customer admin its customer's roles. */
export function assignableRoles(role: Role): readonly Role[] {
  if (role === 'owner') return ROLES;
  if (role === 'customer_admin') return CUSTOMER_ROLES;
  return [];
}
