// The money traffic the PgBouncer test sends: a Standard card, top-ups (orders:
// accept statement, issuer channel, finish statement) and authorizations (the
// batched engine's prepared statements), first one at a time, then in bursts
// so that the app's pool uses several connections at once — as production does.
import type { PlatformOverUrl, Reply } from './platform-over-url.ts';

export interface WorkloadResult {
  cardId: string;
  replies: Array<{ kind: 'topup' | 'authorize'; reply: Reply }>;
}

const BURSTS = 4;
const BURST_SIZE = 12;

/** A funded customer with a Standard card of 1,000 USD: set up on a direct connection, before the traffic under test. */
export async function openCard(p: PlatformOverUrl): Promise<{ token: string; cardId: string }> {
  const { token } = await p.customer('100000');
  const applied = await p.call('POST', '/openapi/v1/orders/standard/apply', {
    token, body: { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '1000', customerOrderNo: 'setup-apply' },
  });
  if (applied.body?.data?.status !== 'Completed') throw new Error(`apply: ${JSON.stringify(applied.body)}`);
  return { token, cardId: applied.body.data.cardInfos[0].cardId as string };
}

export async function moneyWorkload(p: PlatformOverUrl, token: string, cardId: string, label: string): Promise<WorkloadResult> {
  const replies: WorkloadResult['replies'] = [];
  let n = 0;
  const topup = async () => {
    const reply = await p.call('POST', '/openapi/v1/orders/standard/topup', { token, body: { cardId, topUpAmount: '2', customerOrderNo: `${label}-top-${n++}` } });
    replies.push({ kind: 'topup', reply });
  };
  const authorize = async () => {
    const reply = await p.call('POST', '/openapi/v1/simulate/authorize', { token, body: { cardId, amount: '1', merchantName: 'Bouncer shop' } });
    replies.push({ kind: 'authorize', reply });
  };
  for (let i = 0; i < 5; i++) { await topup(); await authorize(); }
  for (let burst = 0; burst < BURSTS; burst++) {
    await Promise.all(Array.from({ length: BURST_SIZE }, (_, i) => (i % 3 === 0 ? topup() : authorize())));
  }
  return { cardId, replies };
}

/** A reply that did what was asked: a Completed top-up, an authorization decided (approved or declined). */
export function succeeded(entry: WorkloadResult['replies'][number]): boolean {
  if (entry.reply.status !== 200 || entry.reply.body?.hasError !== false) return false;
  return entry.kind === 'authorize' || entry.reply.body.data.status === 'Completed';
}
