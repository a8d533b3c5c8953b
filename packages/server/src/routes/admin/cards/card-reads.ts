import { sql, type RawBuilder } from 'kysely';
import type { admin, CardModel, CardStatus, Currency } from '@cardepass/contract';
import type { Store } from '../../../db/store.ts';
import { maskPan, renderCardWithoutNumbers, type CardFieldsRow } from '../../../services/cards.ts';

export interface AdminCardFilter {
  customerId?: string | undefined;
  cardModel?: CardModel | undefined;
  status?: CardStatus | undefined;
  productCode?: string | undefined;
  currency?: Currency | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

type AdminCardRow = CardFieldsRow & { customer_id: string; pan_first6: string; pan_last4: string };

/** A card as GET /v1/cards/{cardId} renders it, without number and CVV, plus whose it is and its masked number. */
export function renderAdminCard(row: AdminCardRow): admin.AdminCardsCard {
  return {
    ...renderCardWithoutNumbers(row),
    customerId: row.customer_id,
    // The same mask orders carry (maskCardNumber), so one card reads the same on every page.
    maskedCardNumber: maskPan(row.pan_first6, row.pan_last4),
    createdOn: new Date(row.created_at).toISOString(),
  };
}

const CARD_ID_PREFIX = /^CARD[0-9A-Z]{0,16}$/;
const LAST_FOUR = /^[0-9]{4}$/;
// Card ids are CARD + 16 characters of Crockford base32, whose largest character is Z.
const CARD_ID_LENGTH = 20;

/**
 * The search box: 4 digits → the last 4 digits of the number (cards_last4);
 * CARD… → card ids beginning with it (a range of the primary key, so indexed
 * in any collation, checked exactly with left()); anything else → part of the
 * alias, case-insensitive: not indexed, a scan of the cards in scope (one
 * customer's through cards_customer; every card for an operator without customerId).
 */
function searchCondition(q: string): RawBuilder<unknown> {
  if (LAST_FOUR.test(q)) return sql`c.pan_last4 = ${q}`;
  const upper = q.toUpperCase();
  if (CARD_ID_PREFIX.test(upper)) {
    return sql`(c.id >= ${upper} AND c.id <= ${upper.padEnd(CARD_ID_LENGTH, 'Z')} AND left(c.id, ${upper.length}) = ${upper})`;
  }
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`c.alias ILIKE ${pattern}`;
}

const SELECT_CARD = sql`
  SELECT c.id, c.customer_id, c.card_model, c.product_code, c.expiry_mmyy, c.currency, c.alias, c.status,
         c.max_auth_minor, c.used_credit_minor, c.max_credit_minor, c.card_organization, c.created_at, c.pan_first6, c.pan_last4,
         a.balance_minor, a.held_minor,
         CASE WHEN c.card_model = 'ShareBalance' THEN
           (SELECT f.balance_minor - f.held_minor FROM ledger_accounts f
            WHERE f.customer_id = c.customer_id AND f.kind = 'funding' AND f.currency = c.currency AND f.card_id IS NULL)
         END AS funding_available_minor,
         CASE WHEN c.pending_op = 'CreditLimit' THEN LEAST(c.max_credit_minor, c.pending_max_credit_minor) ELSE c.max_credit_minor END
           AS binding_max_credit_minor
  FROM cards c LEFT JOIN ledger_accounts a ON a.id = c.account_id`;

/** Cards newest first, with balances as GET /v1/cards/{cardId} computes them. Never selects the encrypted number or CVV. */
export async function listAdminCards(store: Store, q: AdminCardFilter): Promise<{ total: number; rows: AdminCardRow[] }> {
  const where: RawBuilder<unknown>[] = [
    ...(q.customerId ? [sql`c.customer_id = ${q.customerId}`] : []),
    ...(q.cardModel ? [sql`c.card_model = ${q.cardModel}`] : []),
    ...(q.status ? [sql`c.status = ${q.status}`] : []),
    ...(q.productCode ? [sql`c.product_code = ${q.productCode}`] : []),
    ...(q.currency ? [sql`c.currency = ${q.currency}`] : []),
    ...(q.q ? [searchCondition(q.q)] : []),
  ];
  const filters = where.length ? sql.join(where, sql` AND `) : sql`true`;
  const [page, count] = await Promise.all([
    sql<AdminCardRow>`${SELECT_CARD} WHERE ${filters} ORDER BY c.created_at DESC, c.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM cards c WHERE ${filters}`.execute(store.db),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows };
}

export async function findAdminCard(store: Store, cardId: string): Promise<AdminCardRow | undefined> {
  const { rows } = await sql<AdminCardRow>`${SELECT_CARD} WHERE c.id = ${cardId}`.execute(store.db);
  return rows[0];
}

/** The card's latest orders, newest first, through orders_card_time (migration 007). */
export async function latestOrdersOfCard(store: Store, customerId: string, cardId: string, limit: number): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT * FROM orders WHERE card_id = ${cardId} AND customer_id = ${customerId}
    ORDER BY created_at DESC, order_no DESC LIMIT ${limit}`.execute(store.db);
  return rows;
}
