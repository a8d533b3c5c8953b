import { sql, type RawBuilder } from 'kysely';
import type { admin } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DateRange } from '../../lib/date-range.ts';

/** What the audit log is filtered by; `customerId` is already narrowed to the caller's own for a customer admin. */
export interface AuditFilter {
  actorId?: string | undefined; actorType?: string | undefined; action?: string | undefined; targetType?: string | undefined;
  targetId?: string | undefined; customerId?: string | undefined; range: DateRange; auditId?: string;
}

type AuditRow = {
  seq: string; id: string; at: Date; actor_type: string; actor_id: string; actor_label: string | null; customer_id: string | null;
  action: string; target_type: string; target_id: string | null; before: unknown; after: unknown; reason: string | null;
  ip: string | null; response_id: string | null; hash: string;
};

function conditions(f: AuditFilter): RawBuilder<unknown> {
  const list = [
    ...(f.actorId ? [sql`actor_id = ${f.actorId}`] : []),
    ...(f.actorType ? [sql`actor_type = ${f.actorType}`] : []),
    ...(f.action ? [sql`action = ${f.action}`] : []),
    ...(f.targetType ? [sql`target_type = ${f.targetType}`] : []),
    ...(f.targetId ? [sql`target_id = ${f.targetId}`] : []),
    ...(f.customerId ? [sql`customer_id = ${f.customerId}`] : []),
    ...(f.auditId ? [sql`id = ${f.auditId}`] : []),
    ...(f.range.from ? [sql`at >= ${f.range.from}`] : []),
    ...(f.range.toExclusive ? [sql`at < ${f.range.toExclusive}`] : []),
  ];
  return list.length ? sql.join(list, sql` AND `) : sql`true`;
}

export function renderAuditEntry(r: AuditRow): admin.AuditEntry {
  return {
    auditId: r.id, seq: Number(r.seq), at: new Date(r.at).toISOString(), actorType: r.actor_type, actorId: r.actor_id,
    actorLabel: r.actor_label, customerId: r.customer_id, action: r.action, targetType: r.target_type, targetId: r.target_id,
    before: r.before ?? null, after: r.after ?? null, reason: r.reason, ip: r.ip, responseId: r.response_id, hash: r.hash,
  };
}

/** A page of the audit log, newest first. */
export async function listAudit(store: Store, f: AuditFilter, limit: number, offset: number): Promise<{ total: number; rows: admin.AuditEntry[] }> {
  const where = conditions(f);
  const { rows } = await sql<AuditRow & { total: string }>`
    SELECT a.seq::text AS seq, id, at, actor_type, actor_id, actor_label, customer_id, action, target_type, target_id, before, after,
      reason, ip, response_id, hash, count(*) OVER () AS total
    FROM audit_log a WHERE ${where}
    ORDER BY a.seq DESC LIMIT ${limit} OFFSET ${offset}`.execute(store.db);
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && offset > 0) total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`.execute(store.db)).rows[0]?.n ?? 0;
  return { total, rows: rows.map(renderAuditEntry) };
}

export async function findAuditEntry(store: Store, auditId: string): Promise<admin.AuditEntry | undefined> {
  return (await listAudit(store, { auditId, range: { from: null, toExclusive: null } }, 1, 0)).rows[0];
}
