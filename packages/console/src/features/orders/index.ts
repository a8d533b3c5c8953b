// The orders feature's public face: the pages the app's route tree mounts, and the list's filter names.
import './orders.css';
export { ORDER_FILTERS } from './api.ts';
export { OrdersPage } from './orders-page.tsx';
export { OrderDetailPage } from './order-detail-page.tsx';
