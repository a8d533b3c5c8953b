import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { acceptOrder, type AcceptOutcome, type AcceptSpec, type CardGuard } from './accept.ts';
import type { MoneyOrderBatches } from './money-batches.ts';
import { orderFromDb, type OrderRow } from './model.ts';
import type { CardDirectory, CardState } from '../cards.ts';
import { money } from './inputs.ts';

export interface OrderDispatcher {
  /** Whether this process executes the orders it accepts (leases their jobs at birth). */
  readonly executesInline: boolean;
  readonly leaseMs: number;
  dispatch(order: OrderRow, cardAccountId: bigint | null): void;
  waitFor(order: OrderRow, timeoutMs: number): Promise<OrderRow>;
}

export interface Submitted { order: OrderRow; replayed: boolean }

/**
 * Accept → dispatch → wait, and the answers when an order cannot be accepted:
 * a replay of the same request returns the original order; anything else is
 * a specific 4xx with nothing changed.
 */
export class OrderPipeline {
  constructor(
    private readonly store: Store,
    private readonly cards: CardDirectory,
    private readonly dispatcher: OrderDispatcher,
    private readonly waitMs: number,
    /** Top-ups and withdrawals are accepted in batches; null accepts every order alone. */
    private readonly batches: MoneyOrderBatches | null = null,
  ) {}

  async submit(spec: Omit<AcceptSpec, 'leaseMs'>, onInsufficient: () => ApiError): Promise<Submitted> {
    const outcome = await this.accept({ ...spec, leaseMs: this.dispatcher.executesInline ? this.dispatcher.leaseMs : null });
    if (outcome.kind === 'accepted') {
      const order: OrderRow = { ...spec.order, createdAt: outcome.createdAt, modifiedAt: outcome.createdAt };
      // Only a process that leased the job at birth may run it; otherwise (role api) the job is
      // unleased and a worker claims it, and running it here too would call the channel twice.
      if (this.dispatcher.executesInline) this.dispatcher.dispatch(order, outcome.cardAccountId);
      return { order: await this.dispatcher.waitFor(order, this.waitMs), replayed: false };
    }
    if (outcome.kind === 'insufficient_funds') return this.refuse(spec.order, spec.cardGuard, onInsufficient());
    const existing = await this.replay(spec.order);
    if (existing) return existing;
    if (outcome.kind === 'card_state') throw await this.cardStateError(spec.order, spec.cardGuard!);
    // A concurrent request with the same customerOrderNo won, then vanished: not possible, orders are never deleted.
    throw new Error(`order ${spec.order.customerOrderNo} conflicted but was not found`);
  }

  private accept(spec: AcceptSpec): Promise<AcceptOutcome> {
    return this.batches ? this.batches.accept(spec) : acceptOrder(this.store, spec);
  }

  /**
   * An order refused for want of funds — by the database, or before reaching it (a withdrawal
   * of everything from an empty card) — is answered like any refusal: a replay returns the
   * original order, a card in the wrong state says so (funds are checked before the card, so
   * that state must be looked at), and otherwise `error`.
   */
  async refuse(order: OrderRow, guard: CardGuard | undefined, error: ApiError): Promise<Submitted> {
    const existing = await this.replay(order);
    if (existing) return existing;
    if (guard && !GUARD_ALLOWS[guard](await this.cards.state(order.cardId!))) throw await this.cardStateError(order, guard);
    throw error;
  }

  async findByCustomerOrderNo(customerId: string, customerOrderNo: string): Promise<OrderRow | undefined> {
    const row = await this.store.db.selectFrom('orders').selectAll()
      .where('customer_id', '=', customerId).where('customer_order_no', '=', customerOrderNo).executeTakeFirst();
    return row ? orderFromDb(row) : undefined;
  }

  private async replay(order: OrderRow): Promise<Submitted | undefined> {
    if (!order.customerOrderNo) return undefined;
    const existing = await this.findByCustomerOrderNo(order.customerId, order.customerOrderNo);
    if (!existing) return undefined;
    if (existing.requestHash !== order.requestHash) {
      throw new ApiError('ORDER_NO_CONFLICT', { customerOrderNo: order.customerOrderNo });
    }
    return { order: await this.dispatcher.waitFor(existing, this.waitMs), replayed: true };
  }

  private async cardStateError(order: OrderRow, guard: CardGuard): Promise<ApiError> {
    const cardId = order.cardId!;
    const state = await this.cards.state(cardId);
    if (state.status === 'Cancel') return new ApiError('CARD_CANCELLED', { cardId });
    if (state.pendingOp) return new ApiError('CARD_OPERATION_PENDING', { cardId, pending: state.pendingOp });
    if (guard === 'block' && state.status !== 'Active') return new ApiError('CARD_NOT_ACTIVE', { cardId, status: state.status });
    if (guard === 'unblock' && state.status !== 'Blocked') return new ApiError('CARD_NOT_BLOCKED', { cardId, status: state.status });
    if (state.status === 'Expired') return new ApiError('CARD_EXPIRED', { cardId });
    if (guard === 'cancel' && state.inflightOrders > 0) {
      return new ApiError('CARD_OPERATION_PENDING', { cardId, pending: `${state.inflightOrders} top-up/withdraw` });
    }
    const maxCredit = order.detail.limits?.maxCreditMinor;
    if (guard === 'limits' && maxCredit != null && state.usedCreditMinor > BigInt(maxCredit)) {
      return new ApiError('CREDIT_LIMIT_BELOW_USED', {
        cardId, usedCreditAmount: money(state.usedCreditMinor, order.currency), maxCreditAmount: money(BigInt(maxCredit), order.currency),
      });
    }
    // The card changed between the statement and this read; the client may retry.
    return new ApiError('CARD_OPERATION_PENDING', { cardId, pending: 'state change' });
  }
}

/** What each guard of acceptOrder requires of the card, for telling a funds refusal from a state refusal. */
const GUARD_ALLOWS: Record<CardGuard, (s: CardState) => boolean> = {
  money: (s) => ['Active', 'Blocked'].includes(s.status) && s.pendingOp !== 'CardCancel',
  block: (s) => s.status === 'Active' && !s.pendingOp,
  unblock: (s) => s.status === 'Blocked' && !s.pendingOp,
  cancel: (s) => ['Active', 'Blocked'].includes(s.status) && !s.pendingOp && s.inflightOrders === 0,
  limits: (s) => ['Active', 'Blocked'].includes(s.status) && !s.pendingOp,
};

export const insufficientFunds = (currency: OrderRow['currency'], requiredMinor: bigint) =>
  new ApiError('INSUFFICIENT_FUNDS', { currency, required: money(requiredMinor, currency) });
export const insufficientCardBalance = (cardId: string, currency: OrderRow['currency'], requiredMinor: bigint) =>
  new ApiError('INSUFFICIENT_CARD_BALANCE', { cardId, required: money(requiredMinor, currency) });
