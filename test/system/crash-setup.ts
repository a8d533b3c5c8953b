// The crash test's starting point, made through the operator and integrator
// APIs before anything is killed: a product, a customer with a funded USD
// account, one access token, and Standard and ShareBalance cards.
import { setTimeout as sleep } from 'node:timers/promises';
import type { admin } from '@cardepass/contract';
import { getData, postData } from './crash-client.ts';

export interface Account {
  customerId: string;
  token: string;
  depositedCents: number;
  standardCards: string[];
  shareCards: string[];
}

export interface AccountSpec {
  base: string;
  adminKey: string;
  runId: string;
  product: admin.CreateProductRequest;
  /** USD credited to the funding account, in major units. */
  deposit: string;
  standardCards: number;
  standardTopUp: string;
  shareCards: number;
}

const ORDER_TIMEOUT_MS = 30_000;

/** Waits (bounded) for a card application to complete; returns the card id. */
async function completedCard(base: string, token: string, model: 'standard' | 'sharebalance', submitted: any): Promise<string> {
  let order = submitted;
  const deadline = Date.now() + ORDER_TIMEOUT_MS;
  while (order.status === 'Processing') {
    if (Date.now() > deadline) throw new Error(`card application ${order.orderNo} still Processing after ${ORDER_TIMEOUT_MS} ms`);
    await sleep(100);
    order = await getData(base, `/openapi/v1/orders/${model}?OrderNo=${encodeURIComponent(order.orderNo)}`, { authorization: `Bearer ${token}` });
  }
  if (order.status !== 'Completed') throw new Error(`card application ${order.orderNo} ended ${order.status}: ${order.failureReason}`);
  return order.cardInfos[0].cardId as string;
}

export async function openAccount(spec: AccountSpec): Promise<Account> {
  const adminHeaders = { 'x-admin-key': spec.adminKey };
  await postData(spec.base, '/admin/v1/products', adminHeaders, spec.product);
  const customer = await postData(spec.base, '/admin/v1/customers', adminHeaders, { name: `Crash test ${spec.runId}` });
  await postData(spec.base, '/admin/v1/deposits', adminHeaders, { customerId: customer.customerId, currency: 'USD', amount: spec.deposit, reference: `crash-${spec.runId}` });

  // One token for the whole run: every process verifies it (the signing keys live in the database).
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret });
  const res = await fetch(`${spec.base}/openapi/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const tokenBody = await res.json() as { access_token?: string };
  if (!res.ok || !tokenBody.access_token) throw new Error(`token request failed: ${res.status}`);
  const token = tokenBody.access_token;
  const auth = { authorization: `Bearer ${token}` };

  const currency = 'USD';
  const standardCards = await Promise.all(Array.from({ length: spec.standardCards }, async (_, i) => completedCard(spec.base, token, 'standard',
    await postData(spec.base, '/openapi/v1/orders/standard/apply', auth,
      { productCode: spec.product.productCode, cardCurrency: currency, topUpAmount: spec.standardTopUp, customerOrderNo: `setup-${spec.runId}-s${i}` }))));
  // No maxCreditAmount: the cards spend from the funding account without a total limit.
  const shareCards = await Promise.all(Array.from({ length: spec.shareCards }, async (_, i) => completedCard(spec.base, token, 'sharebalance',
    await postData(spec.base, '/openapi/v1/orders/sharebalance/apply', auth,
      { productCode: spec.product.productCode, cardCurrency: currency, maxAuthAmount: '100', customerOrderNo: `setup-${spec.runId}-b${i}` }))));
  return { customerId: customer.customerId, token, depositedCents: Math.round(Number(spec.deposit) * 100), standardCards, shareCards };
}
