import { sql } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type admin } from '@cardepass/contract';
import type { Store } from '../db/store.ts';
import type { AccountDirectory } from './ledger/accounts.ts';
import type { Customers } from './customers.ts';

type CardCounts = admin.CustomerDetail['counts']['cards'];
const CARD_STATUSES = ['Active', 'Blocked', 'Cancel', 'Expired'] as const;

/**
 * One customer as an operator's overview shows it: its settings, its funding
 * balances (the same figures as its GET /v1/accounts) and how much it has.
 * Every query names the customer (no join across customers).
 */
export async function customerDetail(store: Store, customers: Customers, accounts: AccountDirectory, customerId: string): Promise<admin.CustomerDetail> {
  const customer = await customers.get(customerId);
  const [balances, cards, counts] = await Promise.all([
    accounts.fundingBalances(customerId),
    store.db.selectFrom('cards').select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('customer_id', '=', customerId).groupBy('status').execute(),
    sql<{ users: string; clients: string; endpoints: string }>`
      SELECT (SELECT count(*) FROM users WHERE customer_id = ${customerId})::text AS users,
             (SELECT count(*) FROM api_clients WHERE customer_id = ${customerId} AND status = 'Active')::text AS clients,
             (SELECT count(*) FROM webhook_endpoints WHERE customer_id = ${customerId} AND status <> 'Deleted')::text AS endpoints`.execute(store.db),
  ]);
  const cardCounts = Object.fromEntries(CARD_STATUSES.map((status) => [status, 0])) as CardCounts;
  for (const row of cards) cardCounts[row.status as keyof CardCounts] = Number(row.n);
  const totals = counts.rows[0]!;
  return {
    customerId: customer.id, name: customer.name, status: customer.status, createdOn: new Date(customer.created_at).toISOString(),
    productAccess: customer.product_access, requireTotp: customer.require_totp,
    balances: balances.map((r) => {
      const exponent = CURRENCIES[r.currency];
      const balance = BigInt(r.balance_minor);
      const held = BigInt(r.held_minor);
      return {
        currency: r.currency, amount: minorToJsonNumber(balance - held, exponent),
        ledgerAmount: minorToJsonNumber(balance, exponent), heldAmount: minorToJsonNumber(held, exponent),
      };
    }),
    counts: { cards: cardCounts, users: Number(totals.users), activeClients: Number(totals.clients), webhookEndpoints: Number(totals.endpoints) },
  };
}
