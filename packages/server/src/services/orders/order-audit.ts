import type { OrderType } from '@cardepass/contract';
import type { AuditChange } from '../audit/audit-log.ts';
import { money } from './inputs.ts';
import type { OrderRow } from './model.ts';

/** The audit action of each order type when a person or the admin key places it (operator API, console). */
export const ORDER_AUDIT_ACTIONS: Record<OrderType, string> = {
  ApplyCard: 'card.apply',
  CardTopUp: 'card.topup',
  CardWithdraw: 'card.withdraw',
  CardCancel: 'card.cancel',
  CardBlock: 'card.block',
  CardUnblock: 'card.unblock',
  CreditLimit: 'card.limits',
};

/**
 * The audit row of an order placed on a customer's behalf: the card it is about, whose card, and
 * what was asked (number, type, amount). Never the card's number: only the order's own fields.
 */
export function orderAuditChange(order: OrderRow): AuditChange {
  return {
    action: ORDER_AUDIT_ACTIONS[order.orderType],
    targetType: 'card',
    targetId: order.cardId,
    customerId: order.customerId,
    after: { orderNo: order.orderNo, orderType: order.orderType, amount: money(order.amountMinor, order.currency), currency: order.currency },
  };
}
