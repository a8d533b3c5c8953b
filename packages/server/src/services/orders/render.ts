import {
  CURRENCIES, minorToJsonNumber, percentToJsonNumber,
  type ApplyCardOrder, type TopUpOrder, type BlockOrder, type UnblockOrder, type CancelOrder, type WithdrawOrder,
  type ShareBalanceApplyCardOrder, type CreditLimitOrder, type ShareBalanceCancelOrder, type CardInfo, type FeeCode,
} from '@cardepass/contract';
import { FEE_NAMES } from '../fees.ts';
import type { OrderRow } from './model.ts';

type Language = 'en' | 'zh';
export type RenderedOrder = ApplyCardOrder | TopUpOrder | BlockOrder | UnblockOrder | CancelOrder | WithdrawOrder
  | ShareBalanceApplyCardOrder | CreditLimitOrder | ShareBalanceCancelOrder;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Renders an order as its type's POST response (also what the query endpoint returns for it). */
export function renderOrder(order: OrderRow, language: Language): RenderedOrder {
  const exponent = CURRENCIES[order.currency];
  const amount = (minor: bigint) => minorToJsonNumber(minor, exponent);
  const d = order.detail;
  const common = {
    orderNo: order.orderNo,
    status: order.status,
    orderType: order.orderType,
    failureReason: order.failureReason ?? '',
    createdOn: order.createdAt.toISOString(),
    modifiedOn: order.modifiedAt.toISOString(),
    completedOn: iso(order.completedAt),
    customerOrderNo: order.customerOrderNo,
  };
  const productInfo = { productCode: d.productCode, productName: d.productName, cardModel: order.cardModel, cardCurrency: d.cardCurrency };
  const cardInfo: CardInfo = {
    cardId: order.cardId ?? '', productCode: d.productCode, productName: d.productName, cardCurrency: d.cardCurrency,
    maskCardNumber: d.maskCardNumber ?? '', cardModel: order.cardModel,
  };
  const feeItems = d.feeItems.map((f) => ({ feeCode: f.feeCode, feeName: FEE_NAMES[f.feeCode as FeeCode][language], feeAmount: amount(BigInt(f.amountMinor)) }));
  const payMessage = order.status === 'Completed' ? (language === 'zh' ? '支付成功' : 'Paid') : order.status === 'Failure' ? (language === 'zh' ? '已退回' : 'Released') : (language === 'zh' ? '处理中' : 'Processing');
  const note = order.status === 'Failure' ? order.failureReason ?? '' : '';
  const completed = order.status === 'Completed';
  const limits = d.limits && {
    maxAuthAmount: amount(BigInt(d.limits.maxAuthMinor)),
    maxCreditAmount: d.limits.maxCreditMinor === null ? null : amount(BigInt(d.limits.maxCreditMinor)),
  };
  const share = order.cardModel === 'ShareBalance';

  switch (order.orderType) {
    case 'ApplyCard':
      // ShareBalance: nothing is loaded onto the card (transAmount 0); the open fee is transFee and all that is paid.
      if (share) {
        return {
          ...common, productInfo, quantity: 1, maxAuthAmount: limits!.maxAuthAmount, maxCreditAmount: limits!.maxCreditAmount,
          totalAmount: amount(order.amountMinor + order.feeMinor), transAmount: amount(order.amountMinor), transFee: amount(order.feeMinor),
          openedQty: completed ? 1 : 0, cardInfos: completed ? [cardInfo] : [], note,
        } satisfies ShareBalanceApplyCardOrder;
      }
      return {
        ...common, productInfo,
        totalTopUpAmount: amount(order.amountMinor), totalFee: amount(order.feeMinor), totalPayAmount: amount(order.amountMinor + order.feeMinor),
        totalCardCount: 1, totalOpened: completed ? 1 : 0,
        orderLines: [{ orderLineNo: 1, topUpAmount: amount(order.amountMinor), quantity: 1, feeItems }],
        cardInfos: completed ? [cardInfo] : [],
        payMessage, paidOn: iso(order.paidAt),
      } satisfies ApplyCardOrder;
    case 'CardTopUp':
      return {
        ...common, cardId: cardInfo.cardId, productInfo,
        totalTopUpAmount: amount(order.amountMinor), totalFee: amount(order.feeMinor), totalPayAmount: amount(order.amountMinor + order.feeMinor),
        totalCardCount: 1, totalCompletedCardCount: completed ? 1 : 0,
        orderLines: [{ orderLineNo: 1, topUpAmount: amount(order.amountMinor), quantity: 1, feeItems }],
        payMessage, paidOn: iso(order.paidAt),
      } satisfies TopUpOrder;
    case 'CardWithdraw':
      return {
        ...common, cardId: cardInfo.cardId,
        withdrawAmount: amount(order.amountMinor), withdrawFee: amount(order.feeMinor), totalAmount: amount(order.amountMinor + order.feeMinor),
      } satisfies WithdrawOrder;
    case 'CardBlock':
      return { ...common, cardInfo, note, isBlocked: d.isBlocked === true } satisfies BlockOrder;
    case 'CreditLimit':
      return { ...common, cardId: cardInfo.cardId, maxAuthAmount: limits!.maxAuthAmount, maxCreditAmount: limits!.maxCreditAmount } satisfies CreditLimitOrder;
    case 'CardCancel': {
      const rule = d.feeRule ?? null;
      const cancel = {
        ...common, cardInfo, note,
        fee: amount(order.feeMinor),
        chargeMethodType: rule?.chargeMethodType ?? null,
        fixedValue: rule ? Number(rule.fixedValue) : 0,
        percent: rule ? percentToJsonNumber(BigInt(rule.percentMicros)) : 0,
        settleStatus: completed ? 'Settled' : order.status === 'Failure' ? 'Released' : 'Pending',
      } satisfies ShareBalanceCancelOrder;
      // A ShareBalance card has no balance to settle back.
      return share ? cancel : { ...cancel, settleAmount: amount(order.amountMinor) } satisfies CancelOrder;
    }
    default:
      return { ...common, cardInfo, note } satisfies UnblockOrder;
  }
}
