import type { Store } from '../db/store.ts';
import { ApiError } from '../lib/api-error.ts';
import { hashSecret, verifySecret } from '../lib/crypto.ts';
import { newClientId, newClientSecret, newCustomerId } from '../lib/ids.ts';
import type { AccountDirectory } from './ledger/accounts.ts';
import { recordAudit, type AuditOrigin } from './audit/audit-log.ts';

export interface CustomerFilter { customerId?: string | undefined; q?: string | undefined; status?: 'Active' | 'Disabled' | undefined }
type CustomerChange = { status?: 'Active' | 'Disabled'; name?: string; require_totp?: boolean };

const CLIENT_FIELDS = ['client_id', 'customer_id', 'status', 'created_at'] as const;

/** What the audit log keeps of a customer (its own columns; no secrets live there). */
const auditView = (row: { id: string; name: string; status: string; product_access: string; require_totp: boolean }) => ({
  customerId: row.id, name: row.name, status: row.status, productAccess: row.product_access, requireTotp: row.require_totp,
});
const clientView = (row: { client_id: string; customer_id: string; status: string }) => ({
  clientId: row.client_id, customerId: row.customer_id, status: row.status,
});

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

  /** A customer with its funding accounts and first API client, audited (never the secret) when a person or key asked. */
  async create(name: string, origin?: AuditOrigin, customerId = newCustomerId()) {
    const clientId = newClientId();
    const clientSecret = newClientSecret();
    const secretHash = await hashSecret(clientSecret);
    const customer = await this.store.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('customers').values({ id: customerId, name }).returningAll().executeTakeFirstOrThrow();
      await this.accounts.createCustomerAccounts(customerId, trx);
      await trx.insertInto('api_clients').values({ client_id: clientId, customer_id: customerId, secret_hash: secretHash }).execute();
      if (origin) {
        await recordAudit(trx, origin, {
          action: 'customer.create', targetType: 'customer', targetId: customerId, customerId, after: { ...auditView(row), firstClientId: clientId },
        });
      }
      return row;
    });
    return { customer, clientId, clientSecret };
  }

  /** A page of customers, newest first, filtered by a part of the name or id, and status. */
  async list(filter: CustomerFilter, window: { limit: number; offset: number }) {
    let query = this.store.db.selectFrom('customers');
    if (filter.customerId !== undefined) query = query.where('id', '=', filter.customerId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.q !== undefined) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('id', 'ilike', pattern)]));
    }
    const [rows, total] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  async get(customerId: string) {
    const row = await this.store.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
    if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
    return row;
  }

  /** Disables or enables; audited only when the status changes (a repeat is answered as it stands). */
  async setStatus(customerId: string, status: 'Active' | 'Disabled', origin?: AuditOrigin) {
    const row = await this.change(customerId, { status }, status === 'Disabled' ? 'customer.disable' : 'customer.enable', origin);
    this.principals.clear();
    return row;
  }

  /** Renames, or requires two-factor sign-in of its users; audited with before and after when something changed. */
  update(customerId: string, changes: { name?: string; requireTotp?: boolean }, origin: AuditOrigin) {
    return this.change(customerId, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.requireTotp !== undefined ? { require_totp: changes.requireTotp } : {}),
    }, 'customer.update', origin);
  }

  private change(customerId: string, set: CustomerChange, action: string, origin?: AuditOrigin) {
    return this.store.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('customers').selectAll().where('id', '=', customerId).forUpdate().executeTakeFirst();
      if (!before) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
      const changed = (Object.keys(set) as Array<keyof CustomerChange>).filter((key) => set[key] !== before[key]);
      if (changed.length === 0) return before;
      const after = await trx.updateTable('customers').set(set).where('id', '=', customerId).returningAll().executeTakeFirstOrThrow();
      if (origin) {
        await recordAudit(trx, origin, { action, targetType: 'customer', targetId: customerId, customerId, before: auditView(before), after: auditView(after) });
      }
      return after;
    });
  }

  /** New credentials for the customer; the secret is answered once and never audited. */
  async createClient(customerId: string, origin: AuditOrigin) {
    const clientId = newClientId();
    const clientSecret = newClientSecret();
    const secretHash = await hashSecret(clientSecret);
    await this.store.db.transaction().execute(async (trx) => {
      const customer = await trx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
      if (!customer) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
      const row = await trx.insertInto('api_clients').values({ client_id: clientId, customer_id: customerId, secret_hash: secretHash })
        .returning(CLIENT_FIELDS).executeTakeFirstOrThrow();
      await recordAudit(trx, origin, { action: 'client.create', targetType: 'api_client', targetId: clientId, customerId, after: clientView(row) });
    });
    return { customerId, clientId, clientSecret };
  }

  listClients(customerId: string) {
    return this.store.db.selectFrom('api_clients').select(CLIENT_FIELDS)
      .where('customer_id', '=', customerId).orderBy('created_at').execute();
  }

  /**
   * Revokes a client: no new tokens, existing ones refused. `visibleTo` narrows it to one
   * customer's clients (a customer user's); any other is answered as not existing.
   * Audited when it was active; revoking again answers it as it stands, keeping the first time.
   */
  async revokeClient(clientId: string, origin: AuditOrigin, visibleTo: string | null) {
    const row = await this.store.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('api_clients').select(CLIENT_FIELDS).where('client_id', '=', clientId);
      if (visibleTo !== null) query = query.where('customer_id', '=', visibleTo);
      const before = await query.forUpdate().executeTakeFirst();
      if (!before) throw new ApiError('CLIENT_NOT_FOUND', { clientId });
      if (before.status === 'Revoked') return before;
      const after = await trx.updateTable('api_clients').set({ status: 'Revoked', revoked_at: new Date() })
        .where('client_id', '=', clientId).returning(CLIENT_FIELDS).executeTakeFirstOrThrow();
      await recordAudit(trx, origin, {
        action: 'client.revoke', targetType: 'api_client', targetId: clientId, customerId: after.customer_id, before: clientView(before), after: clientView(after),
      });
      return after;
    });
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
