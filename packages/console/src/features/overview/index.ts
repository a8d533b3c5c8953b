// The overview feature's public face: the landing page and its search parameters.
import './overview.css';
export { OverviewPage, OVERVIEW_FILTERS } from './overview-page.tsx';
