import { sql } from 'kysely';
import type { IssuedCard } from '../../channel/channel.ts';
import { encryptField, hmacHex } from '../../lib/crypto.ts';
import { invariant } from '../../lib/api-error.ts';
import type { Posting } from '../ledger/movement.ts';
import type { FinishSpec } from './finish.ts';
import type { OrderRow } from './model.ts';
import { maskPan } from '../cards.ts';
import type { SealingKey } from '../keys/data-keyring.ts';

/** sealing: the newest data key and its version, read just before the card is written. */
export interface CardKeys { sealing: SealingKey; panMac: Buffer }
/** cardAccountId: the new Standard card's ledger account; null for a ShareBalance card, which has none. */
export interface IssuedCardContext { card: IssuedCard; cardAccountId: bigint | null; cardOrganization: string; productCode: string }

/**
 * The postings of a completed money order: source pays principal and fees, destination gets the
 * principal, fees go to revenue. ShareBalance orders move no principal, so they need no destination.
 */
export function postingsOf(order: OrderRow, destinationOverride?: bigint | null): Posting[] {
  const { source, destination, fee } = order.detail.accounts;
  invariant(source, `order ${order.orderNo} has no source account`);
  const postings: Posting[] = [];
  if (order.amountMinor !== 0n) {
    const to = destinationOverride ?? (destination ? BigInt(destination) : undefined);
    invariant(to !== undefined, `order ${order.orderNo} has no destination account`);
    postings.push(
      { accountId: BigInt(source), amountMinor: -order.amountMinor, feeCode: null },
      { accountId: to, amountMinor: order.amountMinor, feeCode: null },
    );
  }
  for (const item of order.detail.feeItems) {
    const amount = BigInt(item.amountMinor);
    postings.push({ accountId: BigInt(source), amountMinor: -amount, feeCode: item.feeCode });
    postings.push({ accountId: BigInt(fee!), amountMinor: amount, feeCode: item.feeCode });
  }
  return postings;
}

function base(order: OrderRow, status: FinishSpec['status'], failureReason: string | null, postings: Posting[]): Omit<FinishSpec, 'cardChange' | 'detailPatch'> {
  return {
    order, status, failureReason,
    movement: {
      customerId: order.customerId, entryType: order.orderType, orderNo: order.orderNo, reference: null, requestHash: null, postings,
      holdChanges: order.holdAccountId === null ? [] : [{ accountId: order.holdAccountId, heldDeltaMinor: -order.holdMinor }],
    },
  };
}

/** What finishing a successful order does, per order type. */
export function completion(order: OrderRow, keys?: CardKeys, issued?: IssuedCardContext): FinishSpec {
  const cardId = order.cardId!;
  switch (order.orderType) {
    case 'ApplyCard': {
      invariant(issued && keys, 'ApplyCard completes with an issued card and the keys to seal it');
      const { card } = issued;
      const mask = maskPan(card.pan.slice(0, 6), card.pan.slice(-4));
      const limits = order.detail.limits;
      return {
        ...base(order, 'Completed', null, postingsOf(order, issued.cardAccountId)),
        detailPatch: { maskCardNumber: mask },
        // The card's applyTime is when it was applied for: the order's creation. Limits: ShareBalance only.
        cardChange: sql`INSERT INTO cards (id, customer_id, product_code, card_model, currency, alias, status, pan_encrypted, pan_hash,
            pan_first6, pan_last4, cvv_encrypted, data_key_version, expiry_mmyy, expires_at, card_organization, account_id, max_auth_minor, max_credit_minor,
            apply_order_no, created_at)
          SELECT ${cardId}, ${order.customerId}, ${issued.productCode}, ${order.cardModel}, ${order.currency}, ${order.detail.alias ?? null}, 'Active',
            ${encryptField(keys.sealing.key, card.pan, `pan:${cardId}`)}, ${hmacHex(keys.panMac, card.pan)}, ${card.pan.slice(0, 6)}, ${card.pan.slice(-4)},
            ${encryptField(keys.sealing.key, card.cvv, `cvv:${cardId}`)}, ${keys.sealing.version}::int, ${card.expiry}, ${card.expiresAt.toISOString().slice(0, 10)}::date,
            ${issued.cardOrganization}, ${issued.cardAccountId === null ? null : String(issued.cardAccountId)}::bigint,
            ${limits?.maxAuthMinor ?? null}::bigint, ${limits?.maxCreditMinor ?? null}::bigint, ${order.orderNo}, ord.created_at
          FROM ord`,
      };
    }
    case 'CardTopUp':
    case 'CardWithdraw':
      return { ...base(order, 'Completed', null, postingsOf(order)), detailPatch: {}, cardChange: inflightDone(cardId) };
    case 'CardCancel':
      return {
        ...base(order, 'Completed', null, postingsOf(order)), detailPatch: {},
        cardChange: sql`UPDATE cards SET status = 'Cancel', pending_op = NULL WHERE id = ${cardId} AND EXISTS (SELECT 1 FROM ord)`,
      };
    case 'CardBlock':
      return { ...base(order, 'Completed', null, []), detailPatch: { isBlocked: true }, cardChange: statusDone(cardId, 'Blocked') };
    case 'CardUnblock':
      return { ...base(order, 'Completed', null, []), detailPatch: {}, cardChange: statusDone(cardId, 'Active') };
    case 'CreditLimit': {
      const limits = order.detail.limits;
      invariant(limits, `order ${order.orderNo} changes limits without any`);
      return {
        ...base(order, 'Completed', null, []), detailPatch: {},
        cardChange: sql`UPDATE cards SET max_auth_minor = ${limits.maxAuthMinor}::bigint, max_credit_minor = ${limits.maxCreditMinor}::bigint,
            pending_op = NULL, pending_max_auth_minor = NULL, pending_max_credit_minor = NULL
          WHERE id = ${cardId} AND EXISTS (SELECT 1 FROM ord)`,
      };
    }
    default:
      throw new Error(`No completion for order type ${order.orderType}`);
  }
}

/** What finishing a failed order does: release the hold, undo what accepting reserved on the card. */
export function failure(order: OrderRow, reason: string): FinishSpec {
  const cardId = order.cardId!;
  const spec = base(order, 'Failure', reason, []);
  switch (order.orderType) {
    case 'ApplyCard':
      return { ...spec, detailPatch: {}, cardChange: sql`DELETE FROM ledger_accounts WHERE card_id = ${cardId} AND balance_minor = 0 AND held_minor = 0 AND EXISTS (SELECT 1 FROM ord)` };
    case 'CardTopUp':
    case 'CardWithdraw':
      return { ...spec, detailPatch: {}, cardChange: inflightDone(cardId) };
    default:
      // A failed CreditLimit also drops the limits it had parked on the card (null for every other order).
      return {
        ...spec, detailPatch: {},
        cardChange: sql`UPDATE cards SET pending_op = NULL, pending_max_auth_minor = NULL, pending_max_credit_minor = NULL
          WHERE id = ${cardId} AND EXISTS (SELECT 1 FROM ord)`,
      };
  }
}

const inflightDone = (cardId: string) =>
  sql`UPDATE cards SET inflight_orders = inflight_orders - 1 WHERE id = ${cardId} AND EXISTS (SELECT 1 FROM ord)`;
const statusDone = (cardId: string, status: string) =>
  sql`UPDATE cards SET status = ${status}, pending_op = NULL WHERE id = ${cardId} AND EXISTS (SELECT 1 FROM ord)`;
