// Issuer channels for tests. GatedChannel, for tests that need an order to
// stay in flight: the simulated channel, except that the operation a test
// gates waits at the channel until the test opens the gate again.
// SwitchableChannel, for tests of failures: the simulated channel, working or
// (down) declining every call.
import { SimulatedChannel } from '../src/channel/simulated.ts';
import type { CardOperationRequest, IssueRequest, IssuedCard, IssuerChannel, LimitsRequest } from '../src/channel/channel.ts';

type Operation = 'issue' | 'topUp' | 'withdraw' | 'block' | 'unblock' | 'cancel' | 'setLimits';

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
  override async setLimits(request: LimitsRequest) { await this.pass('setLimits'); return super.setLimits(request); }
}

/** Cards are issued while it works; a test then sets `down` to see how an order fails. */
export class SwitchableChannel implements IssuerChannel {
  down = false;
  private readonly working = new SimulatedChannel({ latencyMs: 0, failureRate: 0 });
  private readonly failing = new SimulatedChannel({ latencyMs: 0, failureRate: 1 });
  private get use() { return this.down ? this.failing : this.working; }

  issue: IssuerChannel['issue'] = (r) => this.use.issue(r);
  topUp: IssuerChannel['topUp'] = (r) => this.use.topUp(r);
  withdraw: IssuerChannel['withdraw'] = (r) => this.use.withdraw(r);
  block: IssuerChannel['block'] = (r) => this.use.block(r);
  unblock: IssuerChannel['unblock'] = (r) => this.use.unblock(r);
  cancel: IssuerChannel['cancel'] = (r) => this.use.cancel(r);
  setLimits: IssuerChannel['setLimits'] = (r) => this.use.setLimits(r);
}
