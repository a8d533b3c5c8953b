import { sql } from 'kysely';
import type { Currency } from '@cardepass/contract';
import type { StatementRunner, Store } from '../../db/store.ts';
import { ApiError, invariant } from '../../lib/api-error.ts';
import { newAuthCode, newTransactionId } from '../../lib/ids.ts';
import { withDeadlockRetry } from '../ledger/movement.ts';
import { decide, type CardSnapshot } from './decide.ts';
import { transactionFromDb, type TransactionRow } from './model.ts';
import { AccountAffineQueue, type BatchLimits } from './batch-queue.ts';

/** One authorization request from the card network, resolved to the card and the account it would hold on. */
export interface AuthorizationRequest {
  customerId: string;
  cardId: string;
  cardModel: TransactionRow['cardModel'];
  cardCurrency: Currency;
  holdAccountId: bigint;
  amountMinor: bigint;
  currency: Currency;
  merchantName: string | null;
  mcc: string | null;
  merchantCountry: string | null;
  reference: string | null;
  requestHash: string;
}

export interface AuthorizationResult { transaction: TransactionRow; replayed: boolean }

type Outcome = AuthorizationResult | ApiError;

/**
 * Decides authorizations. Requests queue in the process and are decided in
 * batches, each batch in one short transaction: lock the accounts and cards it
 * touches (accounts in ascending id order, then cards, like every money
 * statement), decide every request in order against what is locked, write all
 * transactions, holds and used credit in one statement, commit once. Under
 * load many requests share a lock acquisition and a commit; that is what keeps
 * one hot funding account from being the limit. Batches that touch different
 * accounts run side by side; a request waits for an account another batch
 * holds (see AccountAffineQueue). Across processes, the row locks decide.
 */
export class AuthorizationEngine {
  private readonly queue: AccountAffineQueue<AuthorizationRequest, Outcome>;
  /** Told of each new decision once committed (the /metrics counters); replays are not decisions. */
  onDecided: ((transaction: TransactionRow) => void) | null = null;

  constructor(private readonly store: Store, private readonly expiryDays: number, limits: BatchLimits) {
    this.queue = new AccountAffineQueue(limits, (r) => r.holdAccountId, (batch) => this.decideBatch(batch));
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    const outcome = await this.queue.submit(request);
    if (outcome instanceof ApiError) throw outcome;
    if (!outcome.replayed) this.onDecided?.(outcome.transaction);
    return outcome;
  }

  /** Resolves once every queued authorization has been decided (graceful shutdown). */
  drain(): Promise<void> { return this.queue.whenIdle(); }

  private decideBatch(requests: AuthorizationRequest[]): Promise<Outcome[]> {
    return withDeadlockRetry(() => this.store.transaction((run) => this.decideLocked(run, requests)));
  }

  private async decideLocked(run: StatementRunner, requests: AuthorizationRequest[]): Promise<Outcome[]> {
    const accountIds = [...new Set(requests.map((r) => String(r.holdAccountId)))];
    const cardIds = [...new Set(requests.map((r) => r.cardId))];
    const { accounts, cards, replays } = await lockBatch(run, accountIds, cardIds, requests.filter((r) => r.reference !== null));
    const earlier = replays ? await findByReference(run, requests) : new Map<string, TransactionRow>();

    // Each request's answer: known now (a replay, a conflict), or the row this batch writes.
    const slots: Array<Outcome | { id: string; replayed: boolean }> = [];
    const rows: Array<Record<string, string | null>> = [];
    const decidedHere = new Map<string, { id: string; hash: string }>();
    for (const request of requests) {
      const key = request.reference === null ? null : `${request.cardId}|${request.reference}`;
      const previous = key === null ? undefined : earlier.get(key) ?? decidedHere.get(key);
      if (previous) {
        // The same network message again (before, or twice in this batch): the same answer.
        const same = ('requestHash' in previous ? previous.requestHash : previous.hash) === request.requestHash;
        slots.push(!same ? referenceConflict(request) : 'type' in previous ? { transaction: previous, replayed: true } : { id: previous.id, replayed: true });
        continue;
      }
      const card = cards.get(request.cardId);
      const account = accounts.get(String(request.holdAccountId));
      invariant(card && account, `authorization for ${request.cardId}: card or account row missing`);
      const decision = decide(request, card, account);
      const id = newTransactionId();
      if (key !== null) decidedHere.set(key, { id, hash: request.requestHash });
      rows.push({
        id, customer_id: request.customerId, card_id: request.cardId, card_model: request.cardModel,
        status: decision.approved ? 'Pending' : 'Declined',
        amount_minor: String(request.amountMinor), currency: request.currency,
        // One currency per card: what the network charges is what the card pays.
        billing_amount_minor: String(request.amountMinor), billing_currency: request.currency,
        hold_account_id: decision.approved ? String(request.holdAccountId) : null,
        held_minor: decision.approved ? String(request.amountMinor) : '0',
        merchant_name: request.merchantName, mcc: request.mcc, merchant_country: request.merchantCountry,
        auth_code: decision.approved ? newAuthCode() : null,
        decline_reason: decision.approved ? null : decision.reason,
        reference: request.reference, request_hash: request.requestHash,
      });
      slots.push({ id, replayed: false });
    }

    const written = await writeAuthorizations(run, rows, this.expiryDays);
    return slots.map((slot) => {
      if (slot instanceof ApiError || 'transaction' in slot) return slot;
      const transaction = written.get(slot.id);
      invariant(transaction, `authorization ${slot.id} was not written`);
      return { transaction, replayed: slot.replayed };
    });
  }
}

const referenceConflict = (r: AuthorizationRequest) => new ApiError('REFERENCE_CONFLICT', { reference: r.reference!, transactionType: 'Authorization' });

/**
 * Locks what a batch touches in one round trip: the accounts (ascending id),
 * then the cards (the cards' scan waits on the accounts' CTE, so the order
 * holds whatever plan PostgreSQL picks), and tells whether any reference of
 * the batch was seen before (read under the cards' locks, so no race).
 * Amounts travel as text: JSON numbers would lose precision past 2^53.
 */
async function lockBatch(run: StatementRunner, accountIds: string[], cardIds: string[], keyed: AuthorizationRequest[]) {
  const rows = await run<{ accounts: Array<Record<string, string>>; cards: Array<Record<string, string | boolean | null>>; replays: boolean }>(sql`
    WITH acc AS MATERIALIZED (
      SELECT id, balance_minor - held_minor AS available_minor FROM ledger_accounts
      WHERE id = ANY(${accountIds}::bigint[]) ORDER BY id FOR UPDATE
    ),
    crd AS MATERIALIZED (
      SELECT c.id, c.card_model, c.status, c.pending_op, c.expires_at < current_date AS expired, c.currency,
             c.max_auth_minor, c.max_credit_minor, c.pending_max_auth_minor, c.pending_max_credit_minor, c.used_credit_minor,
             cu.status = 'Active' AS customer_active
      FROM cards c JOIN customers cu ON cu.id = c.customer_id
      WHERE c.id = ANY(${cardIds}::text[]) AND (SELECT count(*) FROM acc) >= 0
      ORDER BY c.id FOR UPDATE OF c
    )
    SELECT
      (SELECT json_agg(json_build_object('id', id::text, 'available_minor', available_minor::text)) FROM acc) AS accounts,
      (SELECT json_agg(json_build_object('id', id, 'card_model', card_model, 'status', status, 'pending_op', pending_op,
         'expired', expired, 'currency', currency, 'customer_active', customer_active,
         'max_auth_minor', max_auth_minor::text, 'max_credit_minor', max_credit_minor::text,
         'pending_max_auth_minor', pending_max_auth_minor::text, 'pending_max_credit_minor', pending_max_credit_minor::text,
         'used_credit_minor', used_credit_minor::text)) FROM crd) AS cards,
      ${keyed.length > 0}::boolean AND (SELECT count(*) FROM crd) >= 0 AND EXISTS (
        SELECT 1 FROM card_transactions t
        JOIN unnest(${keyed.map((r) => r.cardId)}::text[], ${keyed.map((r) => r.reference)}::text[]) AS k(card_id, reference)
          ON t.card_id = k.card_id AND t.reference = k.reference
        WHERE t.type = 'Authorization') AS replays`);
  const row = rows[0]!;
  const optional = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as string));
  return {
    replays: row.replays,
    accounts: new Map((row.accounts ?? []).map((a) => [a.id!, { accountId: BigInt(a.id!), availableMinor: BigInt(a.available_minor!) }])),
    cards: new Map((row.cards ?? []).map((r): [string, CardSnapshot] => [r.id as string, {
      cardId: r.id as string, cardModel: r.card_model as CardSnapshot['cardModel'], status: r.status as string,
      pendingOp: (r.pending_op as string | null) ?? null, expired: r.expired === true, currency: r.currency as Currency,
      customerActive: r.customer_active === true,
      maxAuthMinor: optional(r.max_auth_minor), maxCreditMinor: optional(r.max_credit_minor),
      pendingMaxAuthMinor: optional(r.pending_max_auth_minor), pendingMaxCreditMinor: optional(r.pending_max_credit_minor),
      usedCreditMinor: BigInt(r.used_credit_minor as string),
    }])),
  };
}

/** Authorizations already recorded under the references of this batch (read under the cards' locks, so no race). */
async function findByReference(run: StatementRunner, requests: AuthorizationRequest[]): Promise<Map<string, TransactionRow>> {
  const keyed = requests.filter((r) => r.reference !== null);
  if (keyed.length === 0) return new Map();
  const rows = await run<Record<string, unknown>>(sql`
    SELECT t.* FROM card_transactions t
    JOIN unnest(${keyed.map((r) => r.cardId)}::text[], ${keyed.map((r) => r.reference)}::text[]) AS k(card_id, reference)
      ON t.card_id = k.card_id AND t.reference = k.reference
    WHERE t.type = 'Authorization'`);
  return new Map(rows.map((r) => [`${r.card_id as string}|${r.reference as string}`, transactionFromDb(r)]));
}

/** Every decision of the batch in one statement: the transactions, the holds per account, the used credit per card. */
async function writeAuthorizations(run: StatementRunner, rows: Array<Record<string, string | null>>, expiryDays: number): Promise<Map<string, TransactionRow>> {
  if (rows.length === 0) return new Map();
  const written = await run<Record<string, unknown>>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        id text, customer_id text, card_id text, card_model text, status text, amount_minor bigint, currency text,
        billing_amount_minor bigint, billing_currency text, hold_account_id bigint, held_minor bigint, merchant_name text,
        mcc text, merchant_country text, auth_code text, decline_reason text, reference text, request_hash text)
    ),
    tx AS (
      INSERT INTO card_transactions (id, customer_id, card_id, card_model, type, status, amount_minor, currency, billing_amount_minor,
        billing_currency, hold_account_id, held_minor, merchant_name, mcc, merchant_country, auth_code, decline_reason, reference,
        request_hash, expires_at)
      SELECT id, customer_id, card_id, card_model, 'Authorization', status, amount_minor, currency, billing_amount_minor,
        billing_currency, hold_account_id, held_minor, merchant_name, mcc, merchant_country, auth_code, decline_reason, reference,
        request_hash, CASE WHEN status = 'Pending' THEN now() + make_interval(days => ${expiryDays}) END
      FROM input
      RETURNING *
    ),
    holds AS (
      UPDATE ledger_accounts a SET held_minor = a.held_minor + d.total
      FROM (SELECT hold_account_id, sum(held_minor) AS total FROM input WHERE status = 'Pending' GROUP BY hold_account_id) d
      WHERE a.id = d.hold_account_id RETURNING a.id
    ),
    credit AS (
      UPDATE cards c SET used_credit_minor = c.used_credit_minor + d.total
      FROM (SELECT card_id, sum(held_minor) AS total FROM input WHERE status = 'Pending' AND card_model = 'ShareBalance' GROUP BY card_id) d
      WHERE c.id = d.card_id RETURNING c.id
    )
    SELECT tx.*, (SELECT count(*) FROM holds) AS holds_written, (SELECT count(*) FROM credit) AS credit_written FROM tx`);
  return new Map(written.map((r) => [r.id as string, transactionFromDb(r)]));
}
