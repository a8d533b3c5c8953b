import { sql, type RawBuilder } from 'kysely';
import { CURRENCIES, minorToJsonNumber, type admin, type Currency } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DateRange } from '../../lib/date-range.ts';

/**
 * The ledger as the operator API shows it: accounts with their balances, and
 * journal entries with their postings. `viewer` says who looks: an operator sees
 * every account; a customer user only its customer's funding and card accounts,
 * never the platform's side of an entry (fee revenue, external funding, network).
 */
export interface LedgerViewer { customerId: string | null; platformSide: boolean }

const CUSTOMER_VISIBLE_KINDS = ['funding', 'card'];
const SPENDABLE_KINDS = new Set(['funding', 'card']);

export interface AccountFilter { customerId?: string | undefined; currency?: string | undefined; type?: string | undefined; cardId?: string | undefined; accountId?: string }
export interface EntryFilter { customerId?: string | undefined; accountId?: string | undefined; type?: string | undefined; range: DateRange; entryId?: string }

type AccountRow = { id: bigint; customer_id: string; kind: string; currency: Currency; card_id: string | null; balance_minor: bigint; held_minor: bigint; created_at: Date };
type PostingRow = { id: bigint; entry_id: bigint; account_id: bigint; kind: string; card_id: string | null; currency: Currency; amount_minor: bigint; balance_after_minor: bigint; fee_code: string | null };
type EntryRow = { id: bigint; customer_id: string; entry_type: string; order_no: string | null; reference: string | null; created_at: Date };

const amount = (minor: bigint, currency: Currency) => minorToJsonNumber(BigInt(minor), CURRENCIES[currency]);
const and = (conditions: RawBuilder<unknown>[]) => (conditions.length ? sql.join(conditions, sql` AND `) : sql`true`);

function renderAccount(r: AccountRow): admin.LedgerAccount {
  const balance = BigInt(r.balance_minor);
  const held = BigInt(r.held_minor);
  return {
    accountId: String(r.id), customerId: r.customer_id, type: r.kind, currency: r.currency, cardId: r.card_id,
    ledgerBalance: amount(balance, r.currency), heldAmount: amount(held, r.currency),
    availableAmount: SPENDABLE_KINDS.has(r.kind) ? amount(balance - held, r.currency) : null,
    createdOn: new Date(r.created_at).toISOString(),
  };
}

/** The accounts a viewer may see among those the filter names. */
function accountConditions(viewer: LedgerViewer, f: AccountFilter, alias = sql`a`) {
  return [
    ...(viewer.customerId !== null ? [sql`${alias}.customer_id = ${viewer.customerId}`] : []),
    ...(viewer.platformSide ? [] : [sql`${alias}.kind = ANY(${CUSTOMER_VISIBLE_KINDS}::text[])`]),
    ...(f.customerId ? [sql`${alias}.customer_id = ${f.customerId}`] : []),
    ...(f.currency ? [sql`${alias}.currency = ${f.currency.toUpperCase()}`] : []),
    ...(f.type ? [sql`${alias}.kind = ${f.type}`] : []),
    ...(f.cardId ? [sql`${alias}.card_id = ${f.cardId}`] : []),
    ...(f.accountId ? [sql`${alias}.id = ${f.accountId}::bigint`] : []),
  ];
}

export async function listAccounts(store: Store, viewer: LedgerViewer, f: AccountFilter, limit: number, offset: number) {
  const { rows } = await sql<AccountRow & { total: string }>`
    SELECT a.id, a.customer_id, a.kind, a.currency, a.card_id, a.balance_minor, a.held_minor, a.created_at, count(*) OVER () AS total
    FROM ledger_accounts a WHERE ${and(accountConditions(viewer, f))}
    ORDER BY a.id LIMIT ${limit} OFFSET ${offset}`.execute(store.db);
  const total = rows[0] ? Number(rows[0].total) : offset > 0 ? await countAccounts(store, viewer, f) : 0;
  return { total, rows: rows.map(renderAccount) };
}

async function countAccounts(store: Store, viewer: LedgerViewer, f: AccountFilter): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_accounts a WHERE ${and(accountConditions(viewer, f))}`.execute(store.db);
  return rows[0]?.n ?? 0;
}

export async function findAccount(store: Store, viewer: LedgerViewer, accountId: string): Promise<admin.LedgerAccount | undefined> {
  return (await listAccounts(store, viewer, { accountId }, 1, 0)).rows[0];
}

function entryConditions(viewer: LedgerViewer, f: EntryFilter) {
  // A customer user sees an entry through its postings on the customer's own accounts.
  const visible = viewer.platformSide ? sql`` : sql`AND pa.kind = ANY(${CUSTOMER_VISIBLE_KINDS}::text[])`;
  return [
    ...(viewer.customerId !== null ? [sql`e.customer_id = ${viewer.customerId}`] : []),
    ...(viewer.platformSide ? [] : [sql`EXISTS (SELECT 1 FROM postings p JOIN ledger_accounts pa ON pa.id = p.account_id WHERE p.entry_id = e.id ${visible})`]),
    ...(f.customerId ? [sql`e.customer_id = ${f.customerId}`] : []),
    ...(f.type ? [sql`e.entry_type = ${f.type}`] : []),
    ...(f.entryId ? [sql`e.id = ${f.entryId}::bigint`] : []),
    ...(f.accountId ? [sql`EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id AND p.account_id = ${f.accountId}::bigint)`] : []),
    ...(f.range.from ? [sql`e.created_at >= ${f.range.from}`] : []),
    ...(f.range.toExclusive ? [sql`e.created_at < ${f.range.toExclusive}`] : []),
  ];
}

/** A page of entries, newest first, each with its postings (two statements: the page, then its postings). */
export async function listEntries(store: Store, viewer: LedgerViewer, f: EntryFilter, limit: number, offset: number) {
  const where = and(entryConditions(viewer, f));
  const { rows } = await sql<EntryRow & { total: string }>`
    SELECT e.id, e.customer_id, e.entry_type, e.order_no, e.reference, e.created_at, count(*) OVER () AS total
    FROM journal_entries e WHERE ${where}
    ORDER BY e.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(store.db);
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && offset > 0) total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM journal_entries e WHERE ${where}`.execute(store.db)).rows[0]?.n ?? 0;
  const postings = await postingsOf(store, viewer, rows.map((r) => String(r.id)));
  return {
    total,
    rows: rows.map((e): admin.LedgerEntry => ({
      entryId: String(e.id), customerId: e.customer_id, type: e.entry_type, orderNo: e.order_no, reference: e.reference,
      createdOn: new Date(e.created_at).toISOString(), postings: postings.get(String(e.id)) ?? [],
    })),
  };
}

export async function findEntry(store: Store, viewer: LedgerViewer, entryId: string): Promise<admin.LedgerEntry | undefined> {
  return (await listEntries(store, viewer, { entryId, range: { from: null, toExclusive: null } }, 1, 0)).rows[0];
}

async function postingsOf(store: Store, viewer: LedgerViewer, entryIds: string[]) {
  const byEntry = new Map<string, admin.LedgerEntry['postings']>();
  if (entryIds.length === 0) return byEntry;
  const visible = viewer.platformSide ? sql`` : sql`AND a.kind = ANY(${CUSTOMER_VISIBLE_KINDS}::text[])`;
  const { rows } = await sql<PostingRow>`
    SELECT p.id, p.entry_id, p.account_id, a.kind, a.card_id, a.currency, p.amount_minor, p.balance_after_minor, p.fee_code
    FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
    WHERE p.entry_id = ANY(${entryIds}::bigint[]) ${visible}
    ORDER BY p.entry_id, p.id`.execute(store.db);
  for (const p of rows) {
    const minor = BigInt(p.amount_minor);
    const list = byEntry.get(String(p.entry_id)) ?? (byEntry.set(String(p.entry_id), []).get(String(p.entry_id))!);
    list.push({
      postingId: String(p.id), accountId: String(p.account_id), accountType: p.kind, cardId: p.card_id, currency: p.currency,
      direction: minor >= 0n ? 'Credit' : 'Debit', amount: amount(minor < 0n ? -minor : minor, p.currency),
      balanceAfter: amount(BigInt(p.balance_after_minor), p.currency), feeCode: p.fee_code,
    });
  }
  return byEntry;
}
