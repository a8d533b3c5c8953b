import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { auditInsert, type AuditOrigin } from '../audit/audit-log.ts';

/**
 * An organisation's two-factor rule: the operators' (one row of settings) or a
 * customer's (customers.require_totp). Sign-in reads it to decide whether a new
 * session may only enrol; a change here also applies to the sessions already open.
 */
export const OPERATORS_REQUIRE_TOTP = 'operators.require_totp';

/** null: the operators; else that customer. */
export type Organisation = string | null;

export async function requiresTotp(store: Store, organisation: Organisation): Promise<boolean> {
  if (organisation === null) {
    const row = await store.db.selectFrom('settings').select('value').where('key', '=', OPERATORS_REQUIRE_TOTP).executeTakeFirst();
    return row?.value === 'true';
  }
  const row = await store.db.selectFrom('customers').select('require_totp').where('id', '=', organisation).executeTakeFirst();
  if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId: organisation });
  return row.require_totp;
}

/**
 * Sets the rule, with its audit row, in one transaction. Sessions already open
 * of the organisation's users without an authenticator follow at once (enrol
 * only, or free again), so requiring two-factor does not wait for the next sign-in.
 */
export async function setRequiresTotp(store: Store, organisation: Organisation, requireTotp: boolean, origin: AuditOrigin): Promise<void> {
  await store.transaction(async (run) => {
    // Whoever requires two-factor must have it: otherwise their own session would at once be held to
    // enrolment, unable even to undo the change. The admin key (automation) has no second factor to show.
    if (requireTotp && origin.actor.type === 'user') {
      const [caller] = await run<{ enrolled: boolean }>(sql`SELECT totp_enabled_at IS NOT NULL AS enrolled FROM users WHERE id = ${origin.actor.id}`);
      if (!caller?.enrolled) throw new ApiError('TOTP_NOT_ENROLLED');
    }
    let before: boolean;
    if (organisation === null) {
      const [row] = await run<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${OPERATORS_REQUIRE_TOTP} FOR UPDATE`);
      before = row?.value === 'true';
      if (before === requireTotp) return;
      await run(sql`INSERT INTO settings (key, value) VALUES (${OPERATORS_REQUIRE_TOTP}, ${String(requireTotp)})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    } else {
      const [row] = await run<{ require_totp: boolean }>(sql`SELECT require_totp FROM customers WHERE id = ${organisation} FOR NO KEY UPDATE`);
      if (!row) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId: organisation });
      before = row.require_totp;
      if (before === requireTotp) return;
      await run(sql`UPDATE customers SET require_totp = ${requireTotp} WHERE id = ${organisation}`);
    }
    const members = organisation === null ? sql`u.customer_id IS NULL` : sql`u.customer_id = ${organisation}`;
    await run(sql`UPDATE user_sessions s SET totp_enrolment_required = ${requireTotp}
      FROM users u WHERE u.id = s.user_id AND ${members} AND u.totp_enabled_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()`);
    await run(auditInsert(origin, {
      action: 'settings.security_update', targetType: organisation === null ? 'settings' : 'customer',
      targetId: organisation ?? OPERATORS_REQUIRE_TOTP, customerId: organisation, before: { requireTotp: before }, after: { requireTotp },
    }));
  });
}
