// The webhooks feature's public face: the endpoints and events pages, and the events list's filter names.
import './webhooks.css';
export { WebhooksPage } from './webhooks-page.tsx';
export { EventsPage, EVENT_FILTERS } from './events-page.tsx';
