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

/** Whether a field's name says it holds a secret or a card number (the audit log redacts it; exports drop it). */
export const isSecretFieldName = (name: string): boolean => SECRET_FIELD.test(name);
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
      out[key] = isSecretFieldName(key) ? REDACTED : redactForAudit(item, depth + 1);
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

/**
 * The same row as auditInsert, as an INSERT … SELECT that writes it only when
 * `condition` holds: for embedding as a CTE of a statement that may change
 * nothing (an order refused or replayed by its own statement records nothing).
 */
export function auditInsertWhen(origin: AuditOrigin, change: AuditChange, condition: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`INSERT INTO audit_log (id, actor_type, actor_id, actor_label, customer_id, action, target_type, target_id, before, after, reason, ip, response_id)
    SELECT ${newAuditId()}, ${origin.actor.type}, ${origin.actor.id}, ${origin.actor.label}, ${change.customerId ?? null}, ${change.action},
      ${change.targetType}, ${change.targetId ?? null}, ${asJson(change.before)}::jsonb, ${asJson(change.after)}::jsonb, ${change.reason ?? null},
      ${origin.ip}, ${origin.responseId}
    WHERE ${condition}`;
}

/** Appends one audit row with a Kysely executor: the transaction of the change (or the database, for a change of one statement before it). */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, origin: AuditOrigin, change: AuditChange): Promise<void> {
  await auditInsert(origin, change).execute(db);
}

export { verifyAuditChain, type AuditVerification } from './audit-verify.ts';
