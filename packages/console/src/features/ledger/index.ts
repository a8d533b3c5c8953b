// The ledger feature's public face: the pages the app's route tree mounts, and the lists' filter names.
import './ledger.css';
export { ACCOUNT_FILTERS, ENTRY_FILTERS } from './api.ts';
export { LedgerPage } from './ledger-page.tsx';
export { AccountDetailPage } from './account-detail-page.tsx';
export { EntryDetailPage } from './entry-detail-page.tsx';
