// The customers feature's public face: the pages the app's route tree mounts, and the list's filter names.
import './customers.css';
export { CustomersPage, CUSTOMER_FILTERS } from './customers-page.tsx';
export { CustomerDetailPage } from './customer-detail-page.tsx';
