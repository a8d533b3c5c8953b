import { isCustomerRole, roleCan, type Permission, type Role } from '@cardepass/contract';
import type { MessageKey } from '../lib/i18n-messages.ts';

/**
 * The navigation: one entry per page that exists, in the order shown. An entry appears when the
 * signed-in user's role holds its permission (the contract's table, the one the server enforces)
 * and, if given, the user is of its audience (operators run the platform; customer users see
 * their own customer). Labels for every planned area are already in lib/i18n-messages.ts (nav.*).
 */
export interface NavEntry {
  to: string;
  label: MessageKey;
  permission?: Permission;
  audience?: 'operator' | 'customer';
}

export const NAV: readonly NavEntry[] = [
  { to: '/', label: 'nav.overview' },
  { to: '/customers', label: 'nav.customers', permission: 'customers.read', audience: 'operator' },
  { to: '/cards', label: 'nav.cards', permission: 'cards.read' },
  { to: '/orders', label: 'nav.orders', permission: 'cards.read' },
  { to: '/transactions', label: 'nav.transactions', permission: 'cards.read' },
  { to: '/ledger', label: 'nav.ledger', permission: 'ledger.read', audience: 'operator' },
  { to: '/ledger', label: 'nav.fundingAccounts', permission: 'ledger.read', audience: 'customer' },
  { to: '/products', label: 'nav.products', permission: 'products.read' },
  { to: '/webhooks', label: 'nav.webhooks', permission: 'webhooks.read' },
  { to: '/events', label: 'nav.events', permission: 'webhooks.read' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/users', label: 'nav.users', permission: 'users.read', audience: 'operator' },
  { to: '/users', label: 'nav.team', permission: 'users.read', audience: 'customer' },
  { to: '/credentials', label: 'nav.credentials', permission: 'credentials.read', audience: 'customer' },
  { to: '/settings/security', label: 'nav.security', permission: 'users.read' },
];

export function navFor(role: Role): NavEntry[] {
  const customer = isCustomerRole(role);
  return NAV.filter((entry) =>
    (!entry.permission || roleCan(role, entry.permission)) &&
    (!entry.audience || entry.audience === (customer ? 'customer' : 'operator')));
}
