import { chmodSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { admin } from '@cardepass/contract';
import type { AppContext } from './context.ts';
import { createProduct } from './services/products-admin.ts';

/** Demo products: the documents' PROD001 with both card modes, and a VISA product in more currencies. */
export const DEMO_PRODUCTS: admin.CreateProductRequest[] = [
  {
    productCode: 'PROD001', productName: 'USD/EUR virtual card', description: 'Mastercard virtual card, Standard and ShareBalance modes',
    cardModels: ['Standard', 'ShareBalance'], cardCurrency: ['USD', 'EUR'], cardOrganization: 'Mastercard', binRange: '522981', validityMonths: 36,
    fees: {
      CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '5' },
      CARD_TOPUP: { chargeMethodType: 'Percent', percent: '0.015' },
      CARD_WITHDRAW: { chargeMethodType: 'Fixed', fixedValue: '1' },
      CARD_CANCEL: { chargeMethodType: 'Fixed', fixedValue: '2' },
      SHARE_BALANCE_OPEN: { chargeMethodType: 'Fixed', fixedValue: '3' },
    },
  },
  {
    productCode: 'PROD002', productName: 'Multi-currency VISA card', description: 'VISA virtual card in USD, GBP and HKD',
    cardModels: ['Standard'], cardCurrency: ['USD', 'GBP', 'HKD'], cardOrganization: 'VISA', binRange: '485932', validityMonths: 24,
    fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '2' }, CARD_TOPUP: { chargeMethodType: 'Percent', percent: '0.01' } },
  },
];

export interface SeedResult { customerId: string; clientId: string; clientSecret: string; credentialsFile: string | null }

/**
 * On the first start of an empty store: the demo products and a demo customer
 * with funded USD and EUR accounts. Returns the demo credentials (shown once),
 * also written 0600 to the data directory so a developer can find them again.
 */
export async function seedIfEmpty(ctx: AppContext, dataDir: string | null): Promise<SeedResult | null> {
  const existing = await ctx.store.db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  const anyProduct = await ctx.store.db.selectFrom('products').select('code').limit(1).executeTakeFirst();
  if (existing || anyProduct) return null;
  for (const product of DEMO_PRODUCTS) await createProduct(ctx.store, ctx.catalog, product);
  const { customer, clientId, clientSecret } = await ctx.customers.create('Demo Customer');
  await ctx.deposits.deposit(customer.id, 'USD', '10000', 'seed-usd');
  await ctx.deposits.deposit(customer.id, 'EUR', '5000', 'seed-eur');
  let credentialsFile: string | null = null;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    credentialsFile = path.join(dataDir, 'demo-credentials.json');
    writeFileSync(credentialsFile, JSON.stringify({ customerId: customer.id, clientId, clientSecret }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(credentialsFile, 0o600);
  }
  return { customerId: customer.id, clientId, clientSecret, credentialsFile };
}
