// How the integrator commands show orders and cards to a person. One order
// printer serves every order type of both card modes: it prints the fields the
// order has, in a fixed, readable order. Card secrets are masked unless asked.
import type { Card, StandardOrder, ShareBalanceOrder } from '@cardepass/sdk';
import { note, printFields, type Cell, type Column } from '../../output.ts';

export type AnyOrder = StandardOrder | ShareBalanceOrder;

/** First 6 and last 4 digits, as the API's own maskCardNumber shows them. */
export function maskPan(pan: string): string {
  return pan.length > 10 ? `${pan.slice(0, 6)}***${pan.slice(-4)}` : '***';
}

/** The card with its PAN and CVV masked, unless the operator asked to see them (--reveal). */
export function presentCard(card: Card, reveal: boolean): Card {
  return reveal ? card : { ...card, cardNumber: maskPan(card.cardNumber), cvv: '***' };
}

export function printCard(card: Card): void {
  printFields({
    cardId: card.cardId, cardModel: card.cardModel, status: card.status, cardNumber: card.cardNumber, cvv: card.cvv,
    expiration: card.expirationMMYY, currency: card.cardCurrency, balanceAmount: card.balanceAmount, alias: card.alias,
    maxAuthAmount: card.maxAuthAmount, usedCreditAmount: card.usedCreditAmount,
    // null is meaningful here: no total limit.
    maxCreditAmount: card.cardModel === 'ShareBalance' && card.maxCreditAmount === null ? 'unlimited' : card.maxCreditAmount,
    productCode: card.productCode, network: card.cardOrganization, applyTime: card.applyTime,
  });
}

/** The card an order is about, whichever field its type carries it in. */
export function orderCardId(order: AnyOrder): string | undefined {
  const fields = order as { cardId?: string; cardInfo?: { cardId: string }; cardInfos?: Array<{ cardId: string }> };
  return fields.cardId ?? fields.cardInfo?.cardId ?? fields.cardInfos?.[0]?.cardId;
}

// Amount fields in the order they matter to a reader; only those the order has are printed.
const AMOUNT_FIELDS = [
  'totalTopUpAmount', 'withdrawAmount', 'maxAuthAmount', 'maxCreditAmount', 'transAmount',
  'totalFee', 'withdrawFee', 'transFee', 'fee', 'totalPayAmount', 'totalAmount', 'settleAmount',
] as const;

export function printOrder(order: AnyOrder): void {
  const record = order as Record<string, unknown>;
  const fields: Record<string, Cell> = {
    orderNo: order.orderNo, orderType: order.orderType, status: order.status, cardId: orderCardId(order),
  };
  for (const name of AMOUNT_FIELDS) if (name in record) fields[name] = record[name] as Cell;
  if (order.failureReason) fields.failureReason = order.failureReason;
  Object.assign(fields, { customerOrderNo: order.customerOrderNo, createdOn: order.createdOn, completedOn: order.completedOn });
  printFields(fields);
  // The documents' way to confirm an order that is still running.
  if (order.status === 'Processing') note(`The order is still processing; check it with: cardepass orders get --order-no ${order.orderNo}`);
}

export const ORDER_COLUMNS: Column<AnyOrder>[] = [
  { header: 'Order no', value: (o) => o.orderNo },
  { header: 'Type', value: (o) => o.orderType },
  { header: 'Status', value: (o) => o.status },
  { header: 'Card', value: (o) => orderCardId(o) },
  { header: 'Created', value: (o) => o.createdOn },
  { header: 'Customer order no', value: (o) => o.customerOrderNo },
];
