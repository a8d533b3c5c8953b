// The cards feature's public face: the pages the app's route tree mounts, and the list's filter names.
import './cards.css';
export { CardsPage, CARD_FILTERS } from './cards-page.tsx';
export { CardDetailPage } from './card-detail-page.tsx';
export { ApplyCardPage } from './apply-card-page.tsx';
