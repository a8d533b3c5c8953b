import type { RouteModule } from '../../route-kit.ts';
import cardsList from './cards-list.ts';
import cardsGet from './cards-get.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const CARD_ROUTES: RouteModule[] = [cardsList, cardsGet];
