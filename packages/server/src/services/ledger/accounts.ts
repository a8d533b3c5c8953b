import { sql } from 'kysely';
import { CURRENCY_CODES, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { LedgerAccountKind } from '../../db/types.ts';
import { invariant } from '../../lib/api-error.ts';

/** Accounts every customer has in every currency, created with the customer. */
const CUSTOMER_ACCOUNT_KINDS: LedgerAccountKind[] = ['funding', 'fee_revenue', 'external', 'network'];
const ACCOUNT_ID_CACHE_LIMIT = 100_000;

/**
 * Finds customer-level ledger accounts. Their ids never change once created,
 * so they are cached: the write path needs them on every order.
 */
export class AccountDirectory {
  private readonly ids = new Map<string, bigint>();

  constructor(private readonly store: Store) {}

  async createCustomerAccounts(customerId: string, executor = this.store.db): Promise<void> {
    const rows = CURRENCY_CODES.flatMap((currency) =>
      CUSTOMER_ACCOUNT_KINDS.map((kind) => ({ customer_id: customerId, kind, currency, card_id: null })),
    );
    await executor.insertInto('ledger_accounts').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }

  async id(customerId: string, kind: LedgerAccountKind, currency: Currency): Promise<bigint> {
    const key = `${customerId}|${kind}|${currency}`;
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    const row = await this.store.db.selectFrom('ledger_accounts').select('id')
      .where('customer_id', '=', customerId).where('kind', '=', kind).where('currency', '=', currency)
      .where('card_id', 'is', null).executeTakeFirst();
    invariant(row, `ledger account ${key} missing`);
    if (this.ids.size >= ACCOUNT_ID_CACHE_LIMIT) this.ids.clear();
    this.ids.set(key, BigInt(row.id));
    return BigInt(row.id);
  }

  /** The customer's funding accounts, with available = ledger − held. */
  async fundingBalances(customerId: string) {
    const { rows } = await sql<{ currency: Currency; balance_minor: bigint; held_minor: bigint }>`
      SELECT currency, balance_minor, held_minor FROM ledger_accounts
      WHERE customer_id = ${customerId} AND kind = 'funding' AND card_id IS NULL
      ORDER BY currency`.execute(this.store.db);
    return rows;
  }
}
