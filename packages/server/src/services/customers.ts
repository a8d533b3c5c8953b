import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { hashSecret, verifySecret } from '../lib/crypto.ts';
import { newClientId, newClientSecret, newCustomerId } from '../lib/ids.ts';
import type { AccountDirectory } from './ledger/accounts.ts';

export interface PrincipalStatus { customerId: string; clientActive: boolean; customerActive: boolean }

// How long an API process trusts what it read about a client and its customer.
// Disabling a customer or revoking a client takes effect in the process that
// did it at once, and in other processes within this time.
const PRINCIPAL_TTL_MS = 5_000;
const PRINCIPAL_CACHE_LIMIT = 100_000;

/** Customers (the platform's integrators) and their API clients. */
export class Customers {
  private readonly principals = new Map<string, { at: number; status: PrincipalStatus | null }>();

  constructor(private readonly store: Store, private readonly accounts: AccountDirectory) {}

  async create(name: string, customerId = newCustomerId()) {
    const clientId = newClientId();
    const clientSecret = newClientSecret();
    const secretHash = await hashSecret(clientSecret);
    const customer = await this.store.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('customers').values({ id: customerId, name }).returningAll().executeTakeFirstOrThrow();
      await this.accounts.createCustomerAccounts(customerId, trx);
      await trx.insertInto('api_clients').values({ client_id: clientId, customer_id: customerId, secret_hash: secretHash }).execute();
      return row;
    });
    return { customer, clientId, clientSecret };
  }

  list() {
    return this.store.db.selectFrom('customers').selectAll().orderBy('created_at', 'desc').limit(1000).execute();
  }

  async get(customerId: string) {
    const row = await this.store.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
    if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return row;
  }

  async setStatus(customerId: string, status: 'Active' | 'Disabled') {
    const row = await this.store.db.updateTable('customers').set({ status }).where('id', '=', customerId).returningAll().executeTakeFirst();
    if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    this.principals.clear();
    return row;
  }

  async createClient(customerId: string) {
    await this.get(customerId);
    const clientId = newClientId();
    const clientSecret = newClientSecret();
    await this.store.db.insertInto('api_clients')
      .values({ client_id: clientId, customer_id: customerId, secret_hash: await hashSecret(clientSecret) }).execute();
    return { customerId, clientId, clientSecret };
  }

  listClients(customerId: string) {
    return this.store.db.selectFrom('api_clients').select(['client_id', 'customer_id', 'status', 'created_at'])
      .where('customer_id', '=', customerId).orderBy('created_at').execute();
  }

  async revokeClient(clientId: string) {
    const row = await this.store.db.updateTable('api_clients').set({ status: 'Revoked', revoked_at: new Date() })
      .where('client_id', '=', clientId).where('status', '=', 'Active')
      .returning(['client_id', 'customer_id', 'status', 'created_at']).executeTakeFirst()
      // Already revoked: answer as it stands, keeping the first revocation time.
      ?? await this.store.db.selectFrom('api_clients').select(['client_id', 'customer_id', 'status', 'created_at'])
        .where('client_id', '=', clientId).executeTakeFirst();
    if (!row) throw new ApiError('CLIENT_NOT_FOUND', { clientId });
    this.principals.delete(clientId);
    return row;
  }

  /** Checks client credentials for the token endpoint: the customer id, or null. Constant work whether or not the client exists. */
  async verifyCredentials(clientId: string, clientSecret: string): Promise<string | null> {
    const row = await this.store.db.selectFrom('api_clients')
      .innerJoin('customers', 'customers.id', 'api_clients.customer_id')
      .select(['api_clients.secret_hash', 'api_clients.status as client_status', 'customers.status as customer_status', 'customers.id'])
      .where('api_clients.client_id', '=', clientId).executeTakeFirst();
    const valid = await verifySecret(clientSecret, row?.secret_hash ?? DUMMY_HASH);
    if (!row || !valid || row.client_status !== 'Active' || row.customer_status !== 'Active') return null;
    return row.id;
  }

  /** What the bearer check needs to know about a token's client, cached briefly. */
  async principal(clientId: string): Promise<PrincipalStatus | null> {
    const cached = this.principals.get(clientId);
    if (cached && Date.now() - cached.at < PRINCIPAL_TTL_MS) return cached.status;
    const row = await this.store.db.selectFrom('api_clients')
      .innerJoin('customers', 'customers.id', 'api_clients.customer_id')
      .select(['customers.id', 'api_clients.status as client_status', 'customers.status as customer_status'])
      .where('api_clients.client_id', '=', clientId).executeTakeFirst();
    const status = row ? { customerId: row.id, clientActive: row.client_status === 'Active', customerActive: row.customer_status === 'Active' } : null;
    if (this.principals.size >= PRINCIPAL_CACHE_LIMIT) this.principals.clear();
    this.principals.set(clientId, { at: Date.now(), status });
    return status;
  }
}

// Verified against when the client id is unknown, so timing does not reveal which ids exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
