// An issuer channel for tests that need an order to stay in flight: the
// simulated channel, except that the operation a test gates waits at the
// channel until the test opens the gate again.
import { SimulatedChannel } from '../src/channel/simulated.ts';
import type { CardOperationRequest, IssueRequest, IssuedCard } from '../src/channel/channel.ts';

type Operation = 'issue' | 'topUp' | 'withdraw' | 'block' | 'unblock' | 'cancel';

export class GatedChannel extends SimulatedChannel {
  private gated: Operation | null = null;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};
  private arrivals: Array<() => void> = [];

  constructor() { super({ latencyMs: 0, failureRate: 0 }); }

  /** Holds back `operation` from now on; resolves once a call of it has reached the channel (its order is accepted). */
  hold(operation: Operation): Promise<void> {
    this.gated = operation;
    this.gate = new Promise((resolve) => { this.open = resolve; });
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** Lets the held calls (and later ones) through. */
  release(): void {
    this.gated = null;
    this.open();
  }

  private async pass(operation: Operation): Promise<void> {
    if (this.gated !== operation) return;
    for (const arrived of this.arrivals.splice(0)) arrived();
    await this.gate;
  }

  override async issue(request: IssueRequest): Promise<IssuedCard> { await this.pass('issue'); return super.issue(request); }
  override async topUp(request: CardOperationRequest) { await this.pass('topUp'); return super.topUp(request); }
  override async withdraw(request: CardOperationRequest) { await this.pass('withdraw'); return super.withdraw(request); }
  override async block(request: CardOperationRequest) { await this.pass('block'); return super.block(request); }
  override async unblock(request: CardOperationRequest) { await this.pass('unblock'); return super.unblock(request); }
  override async cancel(request: CardOperationRequest) { await this.pass('cancel'); return super.cancel(request); }
}
