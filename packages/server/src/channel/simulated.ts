import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelDeclinedError, type CardOperationRequest, type IssueRequest, type IssuedCard, type IssuerChannel, type LimitsRequest } from './channel.ts';

export interface SimulatedChannelOptions {
  latencyMs: number;
  /** Share of calls (0..1) that the channel declines, for testing failure paths. */
  failureRate: number;
  now?: () => Date;
}

/** Luhn check digit for the digits before it. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(pan: string): boolean {
  return /^\d{12,19}$/.test(pan) && luhnCheckDigit(pan.slice(0, -1)) === Number(pan.at(-1));
}

/** A card network stand-in: real-looking cards (Luhn-valid PANs in the product's BIN range), with latency and failure injection. */
export class SimulatedChannel implements IssuerChannel {
  constructor(private readonly options: SimulatedChannelOptions) {}

  async issue(request: IssueRequest): Promise<IssuedCard> {
    await this.call('issue');
    let body = request.binRange;
    while (body.length < 15) body += String(randomInt(10));
    const pan = body + String(luhnCheckDigit(body));
    const now = this.options.now?.() ?? new Date();
    // Valid through the last day of the month validityMonths ahead.
    const expiresAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + request.validityMonths + 1, 0));
    const mm = String(expiresAt.getUTCMonth() + 1).padStart(2, '0');
    const yy = String(expiresAt.getUTCFullYear() % 100).padStart(2, '0');
    return { pan, cvv: String(randomInt(1000)).padStart(3, '0'), expiry: `${mm}/${yy}`, expiresAt };
  }

  async topUp(_: CardOperationRequest) { await this.call('topUp'); }
  async withdraw(_: CardOperationRequest) { await this.call('withdraw'); }
  async block(_: CardOperationRequest) { await this.call('block'); }
  async unblock(_: CardOperationRequest) { await this.call('unblock'); }
  async cancel(_: CardOperationRequest) { await this.call('cancel'); }
  async setLimits(_: LimitsRequest) { await this.call('setLimits'); }

  private async call(operation: string): Promise<void> {
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
    if (this.options.failureRate > 0 && Math.random() < this.options.failureRate) {
      throw new ChannelDeclinedError(`Issuer channel declined the ${operation} request (simulated failure)`);
    }
  }
}
