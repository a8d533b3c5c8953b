// The transactions feature's public face: the pages the app's route tree mounts, and the list's filter names.
import './transactions.css';
export { TRANSACTION_FILTERS } from './api.ts';
export { TransactionsPage } from './transactions-page.tsx';
export { TransactionDetailPage } from './transaction-detail-page.tsx';
