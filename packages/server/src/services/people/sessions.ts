import { sql } from 'kysely';
import type { Role } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';

/** A signed-in user as a request sees it. */
export interface SessionUser {
  tokenHash: string;
  userId: string;
  email: string;
  role: Role;
  customerId: string | null;
  csrfToken: string;
  totpEnrolmentRequired: boolean;
  expiresAt: Date;
}

export interface NewSession { token: string; csrfToken: string; expiresAt: Date }

export interface SessionLimits { idleMinutes: number; maxHours: number }

// last_seen_at is written at most this often per session: the idle timeout is minutes, and a
// write on every console request would cost more than the precision is worth.
const TOUCH_INTERVAL_S = 60;

export const hashSessionToken = (token: string) => sha256Hex(token);

/**
 * Browser sessions: a random token in an HttpOnly cookie, of which only the
 * SHA-256 is stored. A session ends at sign-out, after the idle timeout, at its
 * absolute expiry, or when its user is disabled or signs out everywhere.
 */
export class Sessions {
  constructor(private readonly store: Store, private readonly limits: SessionLimits) {}

  async create(userId: string, origin: { ip: string | null; userAgent: string | null; totpEnrolmentRequired: boolean }): Promise<NewSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(32);
    const expiresAt = new Date(Date.now() + this.limits.maxHours * 3_600_000);
    await this.store.db.insertInto('user_sessions').values({
      token_hash: hashSessionToken(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt,
      totp_enrolment_required: origin.totpEnrolmentRequired, ip: origin.ip, user_agent: origin.userAgent?.slice(0, 256) ?? null,
    }).execute();
    return { token, csrfToken, expiresAt };
  }

  /** The live session of a cookie's token, or null: unknown, revoked, idle too long, expired, or its user disabled. */
  async authenticate(token: string): Promise<SessionUser | null> {
    const tokenHash = hashSessionToken(token);
    const row = await this.store.db.selectFrom('user_sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.token_hash', 's.csrf_token', 's.totp_enrolment_required', 's.expires_at', 'u.id', 'u.email', 'u.role', 'u.customer_id',
        sql<boolean>`s.last_seen_at < now() - make_interval(secs => ${TOUCH_INTERVAL_S})`.as('stale')])
      .where('s.token_hash', '=', tokenHash).where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${this.limits.idleMinutes})`)
      .where('u.status', '=', 'Active')
      .executeTakeFirst();
    if (!row) return null;
    if (row.stale) await this.store.db.updateTable('user_sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute();
    return {
      tokenHash, userId: row.id, email: row.email, role: row.role, customerId: row.customer_id,
      csrfToken: row.csrf_token, totpEnrolmentRequired: row.totp_enrolment_required, expiresAt: new Date(row.expires_at),
    };
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.store.db.updateTable('user_sessions').set({ revoked_at: sql`now()` })
      .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  }

  /** Signs a user out everywhere (or everywhere but the session that asked); returns how many sessions ended. */
  async revokeAllOf(userId: string, exceptTokenHash?: string): Promise<number> {
    let query = this.store.db.updateTable('user_sessions').set({ revoked_at: sql`now()` })
      .where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** After a successful enrolment the session may do everything its role allows. */
  async clearTotpEnrolment(tokenHash: string): Promise<void> {
    await this.store.db.updateTable('user_sessions').set({ totp_enrolment_required: false }).where('token_hash', '=', tokenHash).execute();
  }
}
