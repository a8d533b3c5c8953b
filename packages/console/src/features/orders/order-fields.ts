import type { JournalEntry, OrderRow } from './api.ts';

/**
 * Each order type renders its own fields (the integrator API's response of that type), and none of
 * them carries a top-level currency: it is read from the product or card the order names, else from
 * its postings. The amount shown in the list is the money the order moved, by type.
 */
type Loose = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function orderCurrency(order: OrderRow, journalEntries: JournalEntry[] = []): string | null {
  const o = order as unknown as Loose;
  const product = o.productInfo as Loose | undefined;
  const cardInfo = o.cardInfo as Loose | undefined;
  const cardInfos = o.cardInfos as Loose[] | undefined;
  return text(product?.cardCurrency) ?? text(cardInfo?.cardCurrency) ?? text(cardInfos?.[0]?.cardCurrency)
    ?? text(o.cardCurrency) ?? journalEntries[0]?.postings[0]?.currency ?? null;
}

/** The order's headline amount: paid from the funding account, moved off the card, or the fee; null for status-only orders. */
export function orderAmount(order: OrderRow): number | null {
  const o = order as unknown as Loose;
  return number(o.totalPayAmount) ?? number(o.totalAmount) ?? number(o.withdrawAmount) ?? number(o.fee) ?? null;
}

/** The card the order is about, as a masked number when the order carries one. */
export function orderMaskedCard(order: OrderRow): string | null {
  const o = order as unknown as Loose;
  const cardInfo = o.cardInfo as Loose | undefined;
  const cardInfos = o.cardInfos as Loose[] | undefined;
  return text(cardInfo?.maskCardNumber) ?? text(cardInfos?.[0]?.maskCardNumber);
}

/** The amount fields worth listing on the detail page, in a stable order, when the order has them. */
export const AMOUNT_FIELDS = [
  'totalTopUpAmount', 'totalFee', 'totalPayAmount', 'withdrawAmount', 'withdrawFee', 'totalAmount', 'transAmount', 'transFee',
  'fee', 'settleAmount', 'maxAuthAmount', 'maxCreditAmount',
] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

export function amountFieldsOf(order: OrderRow): Array<{ field: AmountField; value: number | null }> {
  const o = order as unknown as Loose;
  return AMOUNT_FIELDS.filter((field) => field in o && (typeof o[field] === 'number' || o[field] === null))
    .map((field) => ({ field, value: o[field] as number | null }));
}
