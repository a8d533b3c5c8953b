import type { Currency } from '@cardepass/contract';

/**
 * The upstream that really creates and controls cards. The built-in simulated
 * channel stands in for it in the sandbox; real adapters implement the same
 * interface. Every call carries the order number as its idempotency key.
 */
export interface IssuedCard {
  pan: string;
  cvv: string;
  /** MM/YY */
  expiry: string;
  expiresAt: Date;
}

export interface IssueRequest {
  orderNo: string;
  cardId: string;
  binRange: string;
  validityMonths: number;
  currency: Currency;
  initialAmountMinor: bigint;
}

export interface CardOperationRequest {
  orderNo: string;
  cardId: string;
  currency: Currency;
  amountMinor: bigint;
}

/** A ShareBalance card's new limits (CreditLimit); maxCreditMinor null = unlimited. */
export interface LimitsRequest extends CardOperationRequest {
  maxAuthMinor: bigint;
  maxCreditMinor: bigint | null;
}

export interface IssuerChannel {
  issue(request: IssueRequest): Promise<IssuedCard>;
  topUp(request: CardOperationRequest): Promise<void>;
  withdraw(request: CardOperationRequest): Promise<void>;
  block(request: CardOperationRequest): Promise<void>;
  unblock(request: CardOperationRequest): Promise<void>;
  cancel(request: CardOperationRequest): Promise<void>;
  setLimits(request: LimitsRequest): Promise<void>;
}

/** The channel refused: the order fails with this reason. */
export class ChannelDeclinedError extends Error {
  override name = 'ChannelDeclinedError';
}

/** The channel could not be reached or answered oddly: the job is retried later. */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
}
