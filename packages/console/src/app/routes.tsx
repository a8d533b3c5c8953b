import { AccountPage, SetPasswordPage, SignInPage, TwoFactorPage } from '../features/auth/index.ts';
import { OVERVIEW_FILTERS, OverviewPage } from '../features/overview/index.ts';
import { EVENT_FILTERS, EventsPage, WebhooksPage } from '../features/webhooks/index.ts';
import { AUDIT_FILTERS, AuditDetailPage, AuditPage } from '../features/audit/index.ts';
import { ApplyCardPage, CARD_FILTERS, CardDetailPage, CardsPage } from '../features/cards/index.ts';
import { CUSTOMER_FILTERS, CustomerDetailPage, CustomersPage } from '../features/customers/index.ts';
import { ProductsPage } from '../features/products/index.ts';
import { ORDER_FILTERS, OrderDetailPage, OrdersPage } from '../features/orders/index.ts';
import { TRANSACTION_FILTERS, TransactionDetailPage, TransactionsPage } from '../features/transactions/index.ts';
import { ACCOUNT_FILTERS, AccountDetailPage, ENTRY_FILTERS, EntryDetailPage, LedgerPage } from '../features/ledger/index.ts';
import { SecuritySettingsPage, USER_FILTERS, UsersPage } from '../features/users/index.ts';
import { CredentialsPage } from '../features/credentials/index.ts';
import { listSearch } from '../components/data-table.tsx';
import { publicPage, rootRoute, signedInPage, signedInRoute } from './route-base.tsx';

/**
 * The route tree, written out (no code generation): one line per page. A new page is one line in
 * SIGNED_IN_PAGES (its feature folder exports the component) plus its entry in nav.ts.
 */
const PUBLIC_PAGES = [
  publicPage('sign-in', SignInPage, { validateSearch: (raw) => ({ redirect: typeof raw.redirect === 'string' ? raw.redirect : undefined }) }),
  publicPage('set-password', SetPasswordPage),
];

const SIGNED_IN_PAGES = [
  signedInPage('/', OverviewPage, { validateSearch: listSearch(OVERVIEW_FILTERS) }),
  signedInPage('two-factor', TwoFactorPage),
  signedInPage('account', AccountPage),
  signedInPage('cards', CardsPage, { validateSearch: listSearch(CARD_FILTERS) }),
  signedInPage('cards/new', ApplyCardPage),
  signedInPage('cards/$cardId', CardDetailPage),
  signedInPage('customers', CustomersPage, { validateSearch: listSearch(CUSTOMER_FILTERS) }),
  signedInPage('customers/$customerId', CustomerDetailPage),
  signedInPage('products', ProductsPage),
  signedInPage('orders', OrdersPage, { validateSearch: listSearch(ORDER_FILTERS) }),
  signedInPage('orders/$orderNo', OrderDetailPage),
  signedInPage('transactions', TransactionsPage, { validateSearch: listSearch(TRANSACTION_FILTERS) }),
  signedInPage('transactions/$transactionId', TransactionDetailPage),
  signedInPage('ledger', LedgerPage, { validateSearch: listSearch(ACCOUNT_FILTERS) }),
  signedInPage('ledger/accounts/$accountId', AccountDetailPage, { validateSearch: listSearch(ENTRY_FILTERS) }),
  signedInPage('ledger/entries/$entryId', EntryDetailPage),
  signedInPage('webhooks', WebhooksPage, { validateSearch: listSearch(['customerId']) }),
  signedInPage('events', EventsPage, { validateSearch: listSearch(EVENT_FILTERS) }),
  signedInPage('audit', AuditPage, { validateSearch: listSearch(AUDIT_FILTERS) }),
  signedInPage('audit/$auditId', AuditDetailPage),
  signedInPage('users', UsersPage, { validateSearch: listSearch(USER_FILTERS) }),
  signedInPage('credentials', CredentialsPage),
  signedInPage('settings/security', SecuritySettingsPage),
];

export const routeTree = rootRoute.addChildren([...PUBLIC_PAGES, signedInRoute.addChildren(SIGNED_IN_PAGES)]);
