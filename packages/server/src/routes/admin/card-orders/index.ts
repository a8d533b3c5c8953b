import type { RouteModule } from '../../route-kit.ts';
import cardReveal from './card-reveal.ts';
import cardsApply from './cards-apply.ts';
import cardTopUp from './card-topup.ts';
import cardWithdraw from './card-withdraw.ts';
import cardCancel from './card-cancel.ts';
import cardBlock from './card-block.ts';
import cardUnblock from './card-unblock.ts';
import cardLimits from './card-limits.ts';

/** The /admin/v1 routes of this area, one file per endpoint beside this one. */
export const CARD_ORDER_ROUTES: RouteModule[] = [cardReveal, cardsApply, cardTopUp, cardWithdraw, cardCancel, cardBlock, cardUnblock, cardLimits];
