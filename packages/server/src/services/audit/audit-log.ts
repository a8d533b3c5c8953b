import type { Kysely, Transaction } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import type { AuditActorType, DB } from '../../db/types.ts';
import { newAuditId } from '../../lib/ids.ts';

/** Who made a change: a user (by session), the admin key, an API client, or the platform itself. */
export interface AuditActor { type: AuditActorType; id: string; label: string | null }

/** Where a change came from: its actor, the caller's address and the request's responseId. */
export interface AuditOrigin { actor: AuditActor; ip: string | null; responseId: string | null }

/** One change: what was done to what, whose data it was, and the target before and after (redacted here). */
export interface AuditChange {
  action: string;
  targetType: string;
  targetId?: string | null;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

// A field whose name says it holds a secret or a card number never reaches the log, whatever route
// passes it: the redaction is by name so that a new field is covered before anyone remembers it.
const SECRET_FIELD = /(^pan$|cardnumber|card_number|^cvv|cvv$|secret|password|token|_enc$|_hash$|hashes$|^key$|apikey|adminkey|recoverycode)/i;
export const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/** A JSON-safe copy with every secret-named field replaced: bigint as decimal text, dates as ISO. */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return REDACTED;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactForAudit(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = SECRET_FIELD.test(key) ? REDACTED : redactForAudit(item, depth + 1);
    }
    return out;
  }
  return value;
}

const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(redactForAudit(value)));

/**
 * The INSERT of one audit row, as a statement to run inside the change's own
 * transaction (`await run(auditInsert(...))` in a Store.transaction, or embedded
 * as a CTE of a larger statement), so the row exists exactly when the change
 * does. The chain trigger numbers and hashes it and holds the chain's head until commit.
 */
export function auditInsert(origin: AuditOrigin, change: AuditChange): RawBuilder<unknown> {
  return sql`INSERT INTO audit_log (id, actor_type, actor_id, actor_label, customer_id, action, target_type, target_id, before, after, reason, ip, response_id)
    VALUES (${newAuditId()}, ${origin.actor.type}, ${origin.actor.id}, ${origin.actor.label}, ${change.customerId ?? null}, ${change.action},
      ${change.targetType}, ${change.targetId ?? null}, ${asJson(change.before)}::jsonb, ${asJson(change.after)}::jsonb, ${change.reason ?? null},
      ${origin.ip}, ${origin.responseId})`;
}

/** Appends one audit row with a Kysely executor: the transaction of the change (or the database, for a change of one statement before it). */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, origin: AuditOrigin, change: AuditChange): Promise<void> {
  await auditInsert(origin, change).execute(db);
}

export interface AuditVerification { ok: boolean; rows: number; firstBrokenSeq: string | null; headMatches: boolean }

/**
 * Recomputes every row's hash and link, in one pass in the database (the hash is
 * defined once, in SQL, for the trigger and for this check), and compares the
 * chain's head with the last row: a removed last row shows there.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditVerification> {
  const { rows } = await sql<{ rows: string; first_broken: string | null; head_ok: boolean }>`
    WITH checked AS (
      SELECT seq, hash,
        hash <> cardepass_audit_hash(a)
          OR prev_hash <> coalesce(lag(hash) OVER (ORDER BY seq), repeat('0', 64))
          OR seq <> row_number() OVER (ORDER BY seq) AS broken
      FROM audit_log a)
    SELECT count(*)::text AS rows, min(seq) FILTER (WHERE broken)::text AS first_broken,
      (SELECT c.last_seq = coalesce(max(checked.seq), 0)
          AND c.last_hash = coalesce((SELECT hash FROM checked ORDER BY seq DESC LIMIT 1), repeat('0', 64))
        FROM audit_chain c) AS head_ok
    FROM checked`.execute(db);
  const row = rows[0]!;
  return { ok: row.first_broken === null && row.head_ok, rows: Number(row.rows), firstBrokenSeq: row.first_broken, headMatches: row.head_ok };
}
