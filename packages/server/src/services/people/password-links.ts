import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';
import { recordAudit, type AuditOrigin } from '../audit/audit-log.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

/**
 * One-time links to set a password: an invitation, or an administrator's reset
 * (no e-mail server: the link is shown to the administrator once). Only the
 * token's SHA-256 is kept, so reading the table gives no one a link.
 */
export type PasswordLinkPurpose = 'invite' | 'reset';

// An invitation waits for a new colleague for a few days; a reset is for someone already waiting.
const LINK_LIFETIME_H: Record<PasswordLinkPurpose, number> = { invite: 72, reset: 24 };

export interface NewPasswordLink { token: string; expiresAt: Date }

/**
 * Stores a link for a user and returns its token (32 random bytes) this once.
 * Pass the transaction of the change that asked for it (creating the user, the
 * reset with its audit row) so the link exists exactly when the change does.
 */
export async function createPasswordLink(db: Kysely<DB> | Transaction<DB>, userId: string, purpose: PasswordLinkPurpose, createdBy: string): Promise<NewPasswordLink> {
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_H[purpose] * 3_600_000);
  await db.insertInto('password_links').values({ token_hash: sha256Hex(token), user_id: userId, purpose, created_by: createdBy, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/**
 * Sets a password through a link: the link must exist, be unused and unexpired;
 * the password must pass the policy. In one transaction: the link (and every other
 * open link of the user) is marked used, the password set, the user's sessions
 * ended (whoever held them no longer knows the password), and the audit row
 * `user.password_set` written by the user themself. Answers the user's id.
 */
export async function consumePasswordLink(store: Store, token: string, password: string, ip: string | null, responseId: string | null): Promise<string> {
  const tokenHash = sha256Hex(token);
  const link = await store.db.selectFrom('password_links as l').innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'l.purpose', 'u.email', 'u.customer_id'])
    .where('l.token_hash', '=', tokenHash).where('l.used_at', 'is', null).where('l.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!link) throw new ApiError('RESET_LINK_INVALID');
  await checkPasswordPolicy(password, link.email, 'password');
  const passwordHash = await hashPassword(password);
  const origin: AuditOrigin = { actor: { type: 'user', id: link.user_id, label: link.email }, ip, responseId };
  await store.db.transaction().execute(async (trx) => {
    // Claimed again under the transaction: of two requests with the same link, exactly one sets a password.
    const claimed = await trx.updateTable('password_links').set({ used_at: sql`now()` })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id').executeTakeFirst();
    if (!claimed) throw new ApiError('RESET_LINK_INVALID');
    await trx.updateTable('password_links').set({ used_at: sql`now()` }).where('user_id', '=', link.user_id).where('used_at', 'is', null).execute();
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: sql`now()` }).where('id', '=', link.user_id).execute();
    await trx.updateTable('user_sessions').set({ revoked_at: sql`now()` }).where('user_id', '=', link.user_id).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, origin, {
      action: 'user.password_set', targetType: 'user', targetId: link.user_id, customerId: link.customer_id,
      after: { purpose: link.purpose },
    });
  });
  return link.user_id;
}
